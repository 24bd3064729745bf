using System.Net;
using k8s.Autorest;
using k8s.Models;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Tests.Client;

public sealed class ApiErrorsTests
{
    private const string Forbidden = """
        {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,
         "message":"endpointslices.discovery.k8s.io is forbidden: User \"system:serviceaccount:lvs-system:lvs-operator\" cannot list resource \"endpointslices\" in API group \"discovery.k8s.io\" at the cluster scope"}
        """;

    [Fact]
    public void A_forbidden_call_names_the_verb_the_resource_and_the_servers_reason()
    {
        var error = Http(HttpStatusCode.Forbidden, Forbidden);

        var described = ApiErrors.Describe(error, "list", "endpointslices.discovery.k8s.io");

        Assert.True(ApiErrors.IsForbidden(error));
        Assert.StartsWith("forbidden: list endpointslices.discovery.k8s.io: endpointslices.discovery.k8s.io is forbidden: User \"system:serviceaccount:lvs-system:lvs-operator\"", described, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_failures_say_what_was_tried_and_fall_back_to_the_exceptions_message()
    {
        Assert.Equal("update virtualservices/status failed with HTTP 500: Operation returned an invalid status code 'InternalServerError'",
            ApiErrors.Describe(Http(HttpStatusCode.InternalServerError, "not json"), "update", "virtualservices/status"));
        Assert.Equal("watch leases failed: connection refused",
            ApiErrors.Describe(new HttpRequestException("connection refused"), "watch", "leases"));
        Assert.Equal("unauthorized: get nodes: token expired",
            ApiErrors.Describe(new k8s.KubernetesException(new V1Status { Code = 401, Message = "token expired" }), "get", "nodes"));
    }

    private static HttpOperationException Http(HttpStatusCode code, string content) => new($"Operation returned an invalid status code '{code}'")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), content),
    };
}
