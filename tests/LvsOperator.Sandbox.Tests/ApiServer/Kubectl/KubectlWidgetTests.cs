using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace LvsOperator.Sandbox.Tests.ApiServer.Kubectl;

/// <summary>The real kubectl against the sandbox: the test CRD (Widget), its objects, status, wait and finalizers.</summary>
public sealed class KubectlWidgetTests(SandboxServerFixture fixture) : IClassFixture<SandboxServerFixture>
{
    private const string Group = "test.lvs-operator.dev";
    private const string Version = "v1alpha1";
    private readonly KubectlRunner _kubectl = new(fixture.KubeconfigPath, fixture.WorkDir);

    [Fact]
    public async Task Client_side_apply_creates_then_reports_unchanged()
    {
        await InstallCrdAsync(serverSide: false);
        var path = _kubectl.WriteFile("csa.yaml", Widget("csa", "small"));

        var first = (await _kubectl.RunAsync("apply", "-f", path)).EnsureSuccess();
        var second = (await _kubectl.RunAsync("apply", "-f", path)).EnsureSuccess();
        var changed = (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("csa2.yaml", Widget("csa", "large")))).EnsureSuccess();

        Assert.Contains("widget.test.lvs-operator.dev/csa created", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("widget.test.lvs-operator.dev/csa unchanged", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("configured", changed.Stdout, StringComparison.Ordinal);
        var obj = await GetAsync("csa");
        Assert.Equal("large", (string?)obj["spec"]!["size"]);
        Assert.Equal(2, (long)obj["metadata"]!["generation"]!);
        Assert.Equal(1, (long)obj["spec"]!["replicas"]!); // schema default
    }

    [Fact]
    public async Task Server_side_apply_creates_and_updates()
    {
        await InstallCrdAsync(serverSide: true);

        var created = (await _kubectl.RunAsync("apply", "--server-side", "-f", _kubectl.WriteFile("ssa.yaml", Widget("ssa", "small")))).EnsureSuccess();
        var updated = (await _kubectl.RunAsync("apply", "--server-side", "-f", _kubectl.WriteFile("ssa2.yaml", Widget("ssa", "large")))).EnsureSuccess();

        Assert.Contains("widget.test.lvs-operator.dev/ssa serverside-applied", created.Stdout, StringComparison.Ordinal);
        Assert.Contains("serverside-applied", updated.Stdout, StringComparison.Ordinal);
        Assert.Equal("large", (string?)(await GetAsync("ssa"))["spec"]!["size"]);
    }

    [Fact]
    public async Task Get_shows_printer_columns_and_yaml()
    {
        await InstallCrdAsync(serverSide: false);
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("cols.yaml", Widget("cols", "large")))).EnsureSuccess();
        await SetReadyAsync("cols", observedGeneration: 1);

        var table = (await _kubectl.RunAsync("get", "widgets", "cols")).EnsureSuccess();
        var yaml = (await _kubectl.RunAsync("get", "widget", "cols", "-o", "yaml")).EnsureSuccess();

        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "SIZE", "ADDRESS", "READY", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["cols", "large", "198.18.0.10", "True"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4]);
        Assert.Contains("apiVersion: test.lvs-operator.dev/v1alpha1", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("kind: Widget", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("size: large", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("type: Ready", yaml.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_for_Ready_returns_once_the_condition_is_set_for_the_current_generation()
    {
        await InstallCrdAsync(serverSide: false);
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("wait.yaml", Widget("wait", "small")))).EnsureSuccess();
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("wait2.yaml", Widget("wait", "large")))).EnsureSuccess();
        Assert.Equal(2, (long)(await GetAsync("wait"))["metadata"]!["generation"]!);

        // Ready=True but observed at generation 1 while the object is at 2: kubectl must not accept it.
        await SetReadyAsync("wait", observedGeneration: 1);
        var stale = await _kubectl.RunAsync("wait", "--for=condition=Ready", "widget/wait", "--timeout=3s");
        Assert.NotEqual(0, stale.ExitCode);
        Assert.Contains("timed out", stale.Stderr, StringComparison.Ordinal);

        using var waiting = _kubectl.Start("wait", "--for=condition=Ready", "widget/wait", "--timeout=100s");
        await SetReadyAsync("wait", observedGeneration: 2);
        var result = await waiting.WaitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("condition met", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_with_a_finalizer_blocks_until_the_finalizer_is_removed()
    {
        await InstallCrdAsync(serverSide: false);
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("fin.yaml", Widget("fin", "small", finalizer: true)))).EnsureSuccess();

        using var deleting = _kubectl.Start("delete", "widget", "fin", "--timeout=100s");
        JsonObject obj;
        var attempts = 0;
        do
        {
            await Task.Delay(100);
            obj = await GetAsync("fin");
        }
        while (obj["metadata"]!["deletionTimestamp"] is null && ++attempts < 300);

        Assert.NotNull(obj["metadata"]!["deletionTimestamp"]);
        Assert.False(deleting.HasExited, "kubectl delete returned while the finalizer was still present");

        (await _kubectl.RunAsync("patch", "widget", "fin", "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""")).EnsureSuccess();
        var result = await deleting.WaitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"fin\" deleted", result.Stdout, StringComparison.Ordinal);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => GetAsync("fin"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task A_schema_violating_object_is_rejected_with_field_paths()
    {
        await InstallCrdAsync(serverSide: false);
        var bad = """
            apiVersion: test.lvs-operator.dev/v1alpha1
            kind: Widget
            metadata:
              name: bad
              namespace: default
            spec:
              size: huge
              name: "Not Valid"
              port: 70000
            """;

        var result = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("bad.yaml", bad));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("The Widget \"bad\" is invalid", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.size: Unsupported value: \"huge\": supported values: \"small\", \"large\"", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.name: Invalid value: \"Not Valid\": spec.name in body should match", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_field_is_rejected()
    {
        await InstallCrdAsync(serverSide: false);
        var bad = "apiVersion: test.lvs-operator.dev/v1alpha1\nkind: Widget\nmetadata:\n  name: nosize\nspec:\n  port: 80\n";

        var result = await _kubectl.RunAsync("create", "-f", _kubectl.WriteFile("nosize.yaml", bad));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.size: Required value", result.Stderr, StringComparison.Ordinal);
    }

    private async Task InstallCrdAsync(bool serverSide)
    {
        string[] args = serverSide ? ["apply", "--server-side", "-f", TestData.Path("widget-crd.yaml")] : ["apply", "-f", TestData.Path("widget-crd.yaml")];
        (await _kubectl.RunAsync(args)).EnsureSuccess();
    }

    private async Task SetReadyAsync(string name, long observedGeneration)
    {
        var g = observedGeneration.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var patch = "{\"status\":{\"observedGeneration\":" + g + ",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Programmed\",\"message\":\"ok\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\",\"observedGeneration\":" + g + "}]}}";
        (await _kubectl.RunAsync("patch", "widget", name, "--subresource=status", "--type=merge", "-p", patch)).EnsureSuccess();
    }

    private async Task<JsonObject> GetAsync(string name)
    {
        var obj = await fixture.Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "default", "widgets", name);
        return JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(obj))!.AsObject();
    }

    private static string Widget(string name, string size, bool finalizer = false) => $"""
        apiVersion: test.lvs-operator.dev/v1alpha1
        kind: Widget
        metadata:
          name: {name}
          namespace: default
        {(finalizer ? "  finalizers: [test.lvs-operator.dev/hold]\n" : string.Empty)}spec:
          size: {size}
          name: {name}-x
          address: 198.18.0.10
          port: 8080
        """;
}
