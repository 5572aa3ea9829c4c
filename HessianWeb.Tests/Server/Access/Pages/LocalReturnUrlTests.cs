using HessianWeb.Server.Access.Pages;

namespace HessianWeb.Tests.Server.Access.Pages;

public sealed class LocalReturnUrlTests
{
    [Theory]
    [InlineData("/runs/3?tab=curvature", "/runs/3?tab=curvature")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://elsewhere.example/", "/")]
    [InlineData("//elsewhere.example/", "/")]
    [InlineData("/\\elsewhere.example/", "/")]
    [InlineData("runs", "/")]
    public void Only_an_address_on_this_server_is_returned_to(string? asked, string expected) =>
        Assert.Equal(expected, LocalReturnUrl.Of(asked));
}
