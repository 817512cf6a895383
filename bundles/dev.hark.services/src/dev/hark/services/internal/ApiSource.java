package dev.hark.services.internal;

import dev.hark.api.HarkApi;
import dev.hark.api.HarkApiException;
import dev.hark.core.services.ServerCallException;

/**
 * How the workbench's services reach the server in use: the one {@link HarkApi} bound to its current
 * address and token ({@link ServerApiClient} keeps it). Internal: views use the service interfaces.
 */
public interface ApiSource {

    /** The client of the server in use; {@link ServerCallException.NotReady} while there is none. */
    HarkApi api() throws ServerCallException;

    /** A call on the current client, its failure as a {@link ServerCallException}. */
    default <T> T call(Call<T> call) throws ServerCallException {
        HarkApi api = api();
        try {
            return call.run(api);
        } catch (HarkApiException e) {
            throw new ServerCallException(e.status(), e.getMessage());
        }
    }

    /** One request. */
    @FunctionalInterface
    interface Call<T> {
        T run(HarkApi api) throws HarkApiException;
    }
}
