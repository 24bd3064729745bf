namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>Query options common to writes: dryRun=All and fieldValidation (Strict, Warn, Ignore).</summary>
internal sealed record WriteOptions(bool DryRun, string FieldValidation)
{
    public static WriteOptions From(Microsoft.AspNetCore.Http.IQueryCollection query) =>
        new(query["dryRun"].ToString() == "All", query["fieldValidation"].ToString() is { Length: > 0 } v ? v : "Warn");
}
