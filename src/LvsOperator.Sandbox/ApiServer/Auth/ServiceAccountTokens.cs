using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>
/// Bearer tokens for the sandbox: one random opaque token per ServiceAccount (not a JWT; nothing in the
/// sandbox inspects token contents) and one for the cluster-admin. Thread-safe.
/// </summary>
public sealed class ServiceAccountTokens
{
    private const string ServiceAccountTokenPrefix = "sandbox-sa.";

    private readonly ConcurrentDictionary<(string Namespace, string Name), string> _tokenByAccount = new();
    private readonly ConcurrentDictionary<string, RequestUser> _userByToken = new(StringComparer.Ordinal);

    public ServiceAccountTokens()
    {
        AdminToken = "sandbox-admin." + NewSecret();
        _userByToken[AdminToken] = RequestUser.Admin;
    }

    /// <summary>The token the sandbox writes into its kubeconfig; it authenticates as <see cref="RequestUser.Admin"/>.</summary>
    public string AdminToken { get; }

    /// <summary>The ServiceAccount's token, created on first request and the same afterwards.</summary>
    public string Issue(string @namespace, string serviceAccount)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccount);

        var token = _tokenByAccount.GetOrAdd((@namespace, serviceAccount), static _ => ServiceAccountTokenPrefix + NewSecret());
        _userByToken.TryAdd(token, RequestUser.ForServiceAccount(@namespace, serviceAccount));
        return token;
    }

    /// <summary>Forgets a ServiceAccount's token, e.g. when the ServiceAccount is deleted.</summary>
    public bool Revoke(string @namespace, string serviceAccount)
    {
        if (!_tokenByAccount.TryRemove((@namespace, serviceAccount), out var token))
        {
            return false;
        }

        _userByToken.TryRemove(token, out _);
        return true;
    }

    /// <summary>The identity behind an Authorization: Bearer token, or false for an unknown token.</summary>
    public bool TryValidate(string? token, out RequestUser? user)
    {
        user = null;
        return !string.IsNullOrEmpty(token) && _userByToken.TryGetValue(token, out user);
    }

    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
