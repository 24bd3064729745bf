using LvsOperator.Sandbox.ApiServer.Auth;

namespace LvsOperator.Sandbox.Tests.ApiServer.Auth;

public sealed class ServiceAccountTokensTests
{
    [Fact]
    public void Issued_token_validates_to_the_service_account_identity()
    {
        var tokens = new ServiceAccountTokens();
        var token = tokens.Issue("team", "reader");

        Assert.True(tokens.TryValidate(token, out var user));
        Assert.Equal("system:serviceaccount:team:reader", user!.Name);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:team", "system:authenticated"], user.Groups);
    }

    [Fact]
    public void Issue_is_stable_per_account_and_distinct_across_accounts()
    {
        var tokens = new ServiceAccountTokens();

        Assert.Equal(tokens.Issue("a", "sa"), tokens.Issue("a", "sa"));
        Assert.NotEqual(tokens.Issue("a", "sa"), tokens.Issue("b", "sa"));
        Assert.NotEqual(tokens.Issue("a", "sa"), tokens.Issue("a", "other"));
        Assert.NotEqual(new ServiceAccountTokens().Issue("a", "sa"), tokens.Issue("a", "sa"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    public void Unknown_tokens_are_refused(string? token)
    {
        var tokens = new ServiceAccountTokens();
        tokens.Issue("a", "sa");

        Assert.False(tokens.TryValidate(token, out var user));
        Assert.Null(user);
    }

    [Fact]
    public void Admin_token_is_cluster_admin_through_system_masters()
    {
        var tokens = new ServiceAccountTokens();

        Assert.True(tokens.TryValidate(tokens.AdminToken, out var user));
        Assert.Same(RequestUser.Admin, user);
        Assert.Contains("system:masters", user!.Groups);
        Assert.True(new RbacAuthorizer().Authorize(user, new RequestAttributes("delete", "", "namespaces", null, null, "x", true, "/api/v1/namespaces/x"),
            new InMemoryPolicy(), out _));
    }

    [Fact]
    public void Revoked_token_no_longer_validates_and_a_new_one_is_issued()
    {
        var tokens = new ServiceAccountTokens();
        var first = tokens.Issue("a", "sa");

        Assert.True(tokens.Revoke("a", "sa"));
        Assert.False(tokens.TryValidate(first, out _));
        Assert.False(tokens.Revoke("a", "sa"));

        var second = tokens.Issue("a", "sa");
        Assert.NotEqual(first, second);
        Assert.True(tokens.TryValidate(second, out _));
    }
}
