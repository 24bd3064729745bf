using LvsOperator.Api.AgentApi;

namespace LvsOperator.Cli.Ipvs;

/// <summary>GETs the agent's /v1 documents from its local port (<see cref="AgentHttpApi.DefaultServer"/> unless told otherwise).</summary>
public static class AgentClient
{
    public static async Task<string> GetAsync(string server, string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? body
            : throw new HttpRequestException($"{server}/{path.TrimStart('/')} answered {(int)response.StatusCode}: {body.Trim()}");
    }
}
