using System.CommandLine;
using k8s;
using k8s.Autorest;
using LvsOperator.Sandbox.Cluster;

namespace LvsOperator.Cli.Commands;

/// <summary>
/// `lvsctl sandbox scale DEPLOYMENT N --kubeconfig FILE [--namespace NS]`: sets a Deployment's replicas through its
/// /scale subresource, as `kubectl scale deployment DEPLOYMENT --replicas=N` does; the sandbox's workload controller
/// adds pods on the least-loaded nodes or deletes the newest, which then terminate gracefully.
/// </summary>
internal static class SandboxScaleCommand
{
    public static Command Create()
    {
        var deployment = new Argument<string>("DEPLOYMENT") { Description = "the Deployment to scale (echo)" };
        var replicas = new Argument<int>("N") { Description = "the replicas it should have" };
        replicas.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 1000)
            {
                result.AddError("N must be a pod count, 0..1000");
            }
        });
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "the sandbox's kubeconfig (lvsctl sandbox up wrote it)", HelpName = "FILE", Required = true };
        var ns = new Option<string>("--namespace", "-n") { Description = "the Deployment's namespace", HelpName = "NS", DefaultValueFactory = _ => "default" };
        var command = new Command("scale", "set a Deployment's replicas in the sandbox (like kubectl scale)") { deployment, replicas, kubeconfig, ns };
        command.SetAction((parsed, stop) => RunAsync(parsed.GetRequiredValue(kubeconfig), parsed.GetRequiredValue(ns), parsed.GetRequiredValue(deployment), parsed.GetValue(replicas), stop));
        return command;
    }

    private static async Task<int> RunAsync(string kubeconfig, string ns, string deployment, int replicas, CancellationToken stop)
    {
        try
        {
            using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(kubeconfig)));
            await DeploymentScale.SetAsync(client, ns, deployment, replicas, stop);
            await Console.Out.WriteLineAsync($"deployment.apps/{deployment} scaled to {replicas}");
            return 0;
        }
        catch (HttpOperationException e)
        {
            await Console.Error.WriteLineAsync($"scale: the API server refused: {(int)e.Response.StatusCode} {e.Response.Content}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or k8s.Exceptions.KubeConfigException)
        {
            await Console.Error.WriteLineAsync($"scale: {e.Message}");
            return 1;
        }
    }
}
