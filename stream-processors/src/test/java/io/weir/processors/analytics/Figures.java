package io.weir.processors.analytics;

import io.weir.schema.analytics.InvocationAggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** The figures of an aggregate as comparable values: every counter, and each histogram's recorded values. */
final class Figures {

    private Figures() {
    }

    static Map<String, Object> of(InvocationAggregate aggregate) {
        Map<String, Object> figures = new LinkedHashMap<>();
        aggregate.getSchema().getFields().forEach(field -> {
            Object value = aggregate.get(field.pos());
            switch (field.name()) {
                case "updatedAt" -> { }
                case "gatewayLatency", "backendLatency" ->
                        figures.put(field.name(), recorded(WindowFigures.decode((java.nio.ByteBuffer) value)));
                default -> figures.put(field.name(), value);
            }
        });
        return figures;
    }

    static List<String> recorded(Histogram histogram) {
        List<String> values = new ArrayList<>();
        for (HistogramIterationValue value : histogram.recordedValues()) {
            values.add(value.getValueIteratedTo() + "x" + value.getCountAtValueIteratedTo());
        }
        return values;
    }
}
