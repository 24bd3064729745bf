using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Metrics;
using LvsOperator.Agent.Status;
using LvsOperator.Api.AgentApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LvsOperator.Agent.Http;

/// <summary>The agent's local HTTP surface (<see cref="AgentHttpApi"/>: default 127.0.0.1:9406).</summary>
internal static class AgentEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(AgentHttpApi.Health, (IDataplane dataplane) => dataplane.IsRunning
            ? Results.Text("ok\n")
            : Results.Text("forwarder is not running\n", statusCode: StatusCodes.Status503ServiceUnavailable));

        endpoints.MapGet(AgentHttpApi.Ready, (IDataplane dataplane, AgentState state) =>
        {
            var (ready, reason) = Readiness.Evaluate(state.Config, dataplane.IsRunning);
            return Results.Text(reason + "\n", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        endpoints.MapGet(AgentHttpApi.Metrics, async (HttpContext context, AgentMetrics metrics) =>
        {
            context.Response.ContentType = AgentMetrics.ContentType;
            await metrics.WriteAsync(context.Response.Body, context.RequestAborted);
        });

        endpoints.MapGet(AgentHttpApi.Services, (ServiceListBuilder builder) =>
            Results.Json(builder.Build(), AgentApiJsonContext.Default.ServiceListDocument));

        endpoints.MapGet(AgentHttpApi.Connections, (HttpContext context, ConnectionListWriter writer) => writer.WriteAsync(context));
    }
}
