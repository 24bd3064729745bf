using LvsOperator.Api.Serialization;

namespace LvsOperator.Agent.Config;

/// <summary>
/// The file source's side of the one way in: a version of the config file is loaded (YAML, then each document
/// validated); a file with problems is rejected whole with every problem reported, and a good one goes to the
/// <see cref="ConfigApplier"/> with its static backends, as the cluster's VirtualServices go with status.backends.
/// </summary>
internal static class ConfigFileLoader
{
    /// <summary>True when the file loaded and applied cleanly.</summary>
    public static async Task<bool> ApplyAsync(ConfigApplier applier, string yaml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applier);
        ArgumentNullException.ThrowIfNull(yaml);
        if (!VirtualServiceDocuments.TryLoad(yaml, out var services, out var problems))
        {
            applier.Reject(problems);
            return false;
        }

        var outcome = await applier.ApplyAsync([.. services.Select(ResolvedVirtualService.Static)], cancellationToken);
        return outcome.Refused.Count == 0;
    }
}
