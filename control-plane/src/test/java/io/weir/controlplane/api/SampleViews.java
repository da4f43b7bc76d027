package io.weir.controlplane.api;

import static io.weir.controlplane.api.Fakes.record;

import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.SubscriptionView;
import io.weir.schema.view.UserView;

/** Management views for tests, built from the JSON the REST surface would show. */
public final class SampleViews {

    public static final String SETTINGS = "{'definition':{'format':'NONE'},'endpoints':{},'visibility':'PUBLIC',"
            + "'cors':{},'auth':{}}";

    private SampleViews() {
    }

    public static ApiView api(String id, String organization, String name, long version) {
        return record(ApiView.class, "{'apiId':'" + id + "','organization':'" + organization + "','version':" + version
                + ",'name':'" + name + "','context':'/" + name.toLowerCase() + "','apiVersion':'1.0','apiType':'HTTP',"
                + "'settings':" + SETTINGS + ",'lifecycleStatus':'CREATED','createdAt':'2026-01-01T00:00:00Z',"
                + "'updatedAt':'2026-01-01T00:00:00Z'}");
    }

    public static ApplicationView application(String id, String organization, String name, long version) {
        return record(ApplicationView.class, "{'applicationId':'" + id + "','organization':'" + organization
                + "','version':" + version + ",'name':'" + name + "','owner':'sam','tier':'Unlimited',"
                + "'createdAt':'2026-01-01T00:00:00Z','updatedAt':'2026-01-01T00:00:00Z'}");
    }

    public static SubscriptionView subscription(String id, String organization, String applicationId, String apiId,
                                                String createdAt) {
        return record(SubscriptionView.class, "{'subscriptionId':'" + id + "','organization':'" + organization
                + "','version':1,'applicationId':'" + applicationId + "','apiId':'" + apiId + "','tier':'Gold',"
                + "'status':'ACTIVE','createdAt':'" + createdAt + "','updatedAt':'" + createdAt + "'}");
    }

    public static UserView user(String username, String organization) {
        return record(UserView.class, "{'username':'" + username + "','organization':'" + organization
                + "','version':1,'displayName':'" + username + "','passwordHash':'$pbkdf2-sha256$i=1$c2FsdA$aGFzaA',"
                + "'roles':['PUBLISHER'],'updatedAt':'2026-01-01T00:00:00Z'}");
    }
}
