package io.weir.processors.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the stream processors ({@code weir.processors.*}). */
@ConfigMapping(prefix = "weir.processors")
public interface ProcessorsConfig {

    /** Prefix of every Weir topic; several installations can share a cluster under different prefixes. */
    @WithDefault("weir.")
    String topicPrefix();

    /** How many revisions an API may keep before one must be deleted (WSO2's default is 5). */
    @WithDefault("5")
    int maxRevisions();
}
