package io.weir.controlplane.catalog;

import io.weir.controlplane.api.ViewReader;
import io.weir.controlplane.view.Views;
import io.weir.schema.view.CatalogServiceView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Binds the catalog resources' read port to the mirror of weir.view.catalog-services. */
@ApplicationScoped
class CatalogWiring {

    @Produces
    ViewReader<CatalogServiceView> catalogServices(Views views) {
        return ViewReader.of(views::catalogServices);
    }
}
