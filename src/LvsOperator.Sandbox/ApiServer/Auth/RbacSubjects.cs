using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>Whether a binding's subjects include a user, with Kubernetes' rules for each subject kind.</summary>
internal static class RbacSubjects
{
    /// <param name="bindingNamespace">The RoleBinding's namespace, or "" for a ClusterRoleBinding: a
    /// ServiceAccount subject without a namespace means the binding's own namespace.</param>
    public static bool AppliesTo(JsonObject binding, RequestUser user, string bindingNamespace)
    {
        if (binding["subjects"] is not JsonArray subjects)
        {
            return false;
        }

        foreach (var node in subjects)
        {
            if (node is JsonObject subject && SubjectMatches(subject, user, bindingNamespace))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SubjectMatches(JsonObject subject, RequestUser user, string bindingNamespace)
    {
        var name = Text(subject, "name");
        switch (Text(subject, "kind"))
        {
            case "User":
                return name == user.Name;
            case "Group":
                return user.IsInGroup(name);
            case "ServiceAccount":
                var ns = Text(subject, "namespace");
                if (ns.Length == 0)
                {
                    ns = bindingNamespace;
                }

                return ns.Length != 0 && user.Name == $"{RequestUser.ServiceAccountPrefix}{ns}:{name}";
            default:
                return false;
        }
    }

    internal static string Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
}
