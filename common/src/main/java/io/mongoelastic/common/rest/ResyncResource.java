package io.mongoelastic.common.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;

/**
 * {@code POST /mongoelastic/connectors/{name}/resync}: forces a resync of a MongoDB source
 * connector by setting its {@code snapshot.resync.request} to the current time (see {@link
 * ResyncRequester}). Answers 202 with the new token; the resync itself runs asynchronously and
 * shows in {@code GET /mongoelastic/status} ({@code lastSnapshots}).
 */
@Path("/mongoelastic/connectors")
public final class ResyncResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ResyncRequester requester;

  ResyncResource(ResyncRequester requester) {
    this.requester = requester;
  }

  @POST
  @Path("/{name}/resync")
  @Produces(MediaType.APPLICATION_JSON)
  public Response resync(
      @PathParam("name") String name,
      @HeaderParam("Authorization") String authorization,
      @Context UriInfo uri)
      throws IOException {
    ResyncRequester.Outcome outcome;
    try {
      // The request reached this worker, so its base URI reaches this worker's REST API.
      outcome = requester.request(uri.getBaseUri(), name, authorization);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
    }
    return Response.status(outcome.status())
        .type(MediaType.APPLICATION_JSON)
        .entity(JSON.writeValueAsString(outcome.body()))
        .build();
  }
}
