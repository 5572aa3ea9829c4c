using System.Security.Claims;
using Bunit;
using HessianWeb.Server.Access;
using HessianWeb.Server.Uploads;
using HessianWeb.Server.Uploads.Pages;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Uploads;

public sealed class UploadsPageTests : DashboardTestContext
{
    [Fact]
    public void With_no_uploads_the_page_says_how_to_make_one()
    {
        var page = Render<UploadsPage>();

        page.WaitForAssertion(() => Assert.Contains("No uploads yet", page.Find("[data-testid=uploads-empty]").TextContent), Patience);
        Assert.NotEmpty(page.FindAll("[data-testid=uploads-add]"));
    }

    [Fact]
    public async Task Lists_each_upload_with_its_kind_size_hash_and_contents()
    {
        var scratch = Directory.CreateTempSubdirectory("hessianweb-uploads-");
        try
        {
            var member = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.Name, "mia"), new(ClaimTypes.Role, Roles.Member)], "test"));
            var upload = await Services.GetRequiredService<UploadStore>().SaveAsync(
                new MemoryStream(await UploadFiles.BlobsAsync(scratch.FullName)), "blobs.safetensors", member, CancellationToken.None);

            var page = Render<UploadsPage>();

            page.WaitForAssertion(() =>
            {
                var row = page.Find("[data-testid=uploads-row]");
                Assert.Contains("blobs.safetensors", row.TextContent);
                Assert.Contains(upload.Sha256[..12], row.TextContent);
                Assert.Contains("12 points of [2], 3 classes", row.TextContent);
                Assert.Contains("mia", row.TextContent);
            }, Patience);
        }
        finally { scratch.Delete(recursive: true); }
    }

    [Fact]
    public void A_viewer_sees_the_list_without_the_upload_button()
    {
        Authorization.SetRoles(Roles.Viewer);
        Authorization.SetClaims(new Claim(ClaimTypes.Role, Roles.Viewer));

        var page = Render<UploadsPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=uploads-empty]"), Patience);
        Assert.Empty(page.FindAll("[data-testid=uploads-add]"));
    }
}
