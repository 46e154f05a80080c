package io.mongoelastic.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /mongoelastic/status}: per connector, the phase (snapshot, streaming, paused, resync),
 * snapshot percentage and estimated time left, documents per second, stream lag, last error, and
 * for sinks the resync state of each index. Figures come from the tasks running on the worker that
 * answers; states from the whole cluster.
 */
@Path("/mongoelastic/status")
public final class SyncStatusResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SyncStatusReader reader;

  SyncStatusResource(SyncStatusReader reader) {
    this.reader = reader;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response status() throws JsonProcessingException {
    return Response.ok(JSON.writeValueAsString(reader.read()), MediaType.APPLICATION_JSON).build();
  }
}
