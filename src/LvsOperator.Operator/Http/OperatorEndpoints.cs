using LvsOperator.Operator.Hosting;
using LvsOperator.Operator.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LvsOperator.Operator.Http;

/// <summary>The operator's HTTP surface (default 127.0.0.1:9407): probes and Prometheus metrics.</summary>
internal static class OperatorEndpoints
{
    public const string Health = "/healthz";
    public const string Ready = "/readyz";
    public const string Metrics = "/metrics";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Health, (OperatorHealth health) => Text(health.Liveness()));
        endpoints.MapGet(Ready, (OperatorHealth health) => Text(health.Readiness()));
        endpoints.MapGet(Metrics, async (HttpContext context, OperatorMetrics metrics) =>
        {
            context.Response.ContentType = OperatorMetrics.ContentType;
            await metrics.WriteAsync(context.Response.Body, context.RequestAborted);
        });
    }

    private static IResult Text((bool Ok, string Report) probe) =>
        Results.Text(probe.Report, statusCode: probe.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
