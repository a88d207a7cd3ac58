package dev.scaleout.app.stress;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Puts this machine's processor count into the schema as the maximum of {@code cores}, so
 * clients and fuzzers see the real range. Runs at startup: the build machine's count would
 * be wrong on the instance.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class StressOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Schema request = openAPI.getComponents().getSchemas().get("StressRequest");
        if (request == null || request.getProperties() == null) {
            return;
        }
        Schema cores = request.getProperties().get("cores");
        if (cores != null) {
            int available = Runtime.getRuntime().availableProcessors();
            cores.setMaximum(BigDecimal.valueOf(available));
            cores.setDefaultValue(available);
        }
    }
}
