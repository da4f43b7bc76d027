package io.weir.harness.junit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Starts a shared component before the test class and injects it into constructors and methods. */
abstract class SharedComponentExtension<T> implements BeforeAllCallback, ParameterResolver {

    private final Class<T> type;
    private final Supplier<T> component;

    SharedComponentExtension(Class<T> type, Supplier<T> component) {
        this.type = type;
        this.component = component;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        component.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return component.get();
    }
}
