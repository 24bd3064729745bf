namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>Who made a request, as the authenticator established it (Kubernetes' user.Info).</summary>
public sealed record RequestUser(string Name, IReadOnlyList<string> Groups)
{
    public const string AuthenticatedGroup = "system:authenticated";
    public const string MastersGroup = "system:masters";
    public const string ServiceAccountsGroup = "system:serviceaccounts";
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The sandbox's cluster-admin: members of system:masters bypass RBAC like in a real apiserver.</summary>
    public static RequestUser Admin { get; } = new("sandbox-admin", [MastersGroup, AuthenticatedGroup]);

    /// <summary>The identity a ServiceAccount token stands for.</summary>
    public static RequestUser ForServiceAccount(string @namespace, string name) => new(
        $"{ServiceAccountPrefix}{@namespace}:{name}",
        [ServiceAccountsGroup, $"{ServiceAccountsGroup}:{@namespace}", AuthenticatedGroup]);

    public bool IsInGroup(string group)
    {
        foreach (var g in Groups)
        {
            if (string.Equals(g, group, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
