using k8s.Models;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>Label matching as the apiserver and controllers do it: map selectors (nodeSelector, Service selector) and LabelSelectors.</summary>
internal static class Selectors
{
    /// <summary>Every key of <paramref name="selector"/> has its value in <paramref name="labels"/>; an empty selector matches all.</summary>
    public static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return true;
        }

        foreach (var (key, value) in selector)
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); a null selector matches nothing, as for workloads.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null || !Matches(selector.MatchLabels, labels))
        {
            return false;
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var present = labels is not null && labels.TryGetValue(expression.Key, out var value);
            var actual = present ? labels![expression.Key] : null;
            var matched = expression.OperatorProperty switch
            {
                "In" => present && (expression.Values?.Contains(actual!) ?? false),
                "NotIn" => !present || !(expression.Values?.Contains(actual!) ?? false),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }
}
