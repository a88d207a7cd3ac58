package dev.scaleout.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON body of every error the API answers: one sentence a user can act on, and the
 * request field it is about when there is one.
 */
@Schema(name = "ApiError", description = "An error the client can fix.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(
        @Schema(required = true, description = "What is wrong and how to fix it.")
        String error,

        @Schema(description = "The request field at fault, when the error is about one field.")
        String field) {

    public static ApiError of(String error) {
        return new ApiError(error, null);
    }

    public static ApiError forField(String field, String error) {
        return new ApiError(error, field);
    }

    public Response toResponse(Response.Status status) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(this)
                .build();
    }

    /** Ends the request with this error; Quarkus REST sends the response as built. */
    public WebApplicationException asException(Response.Status status) {
        return new WebApplicationException(toResponse(status));
    }
}
