using Bunit;
using HessianWeb.Server.Components.Pages.Runs.Notes;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Components.Web;

namespace HessianWeb.Tests.Server.Components.Pages.Runs.Notes;

public sealed class RunNotesTests : DashboardTestContext
{
    [Fact]
    public void Markdown_renders_and_raw_HTML_is_escaped_not_run()
    {
        var html = NoteMarkdown.ToHtml("**Wide** net <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n- one\n- two");

        Assert.Contains("<strong>Wide</strong>", html);
        Assert.Contains("<li>one</li>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](java&#115;cript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("<vbscript:msgbox>")]
    [InlineData("![x](javascript:alert(1))")]
    public void Links_with_unsafe_schemes_point_nowhere(string markdown)
    {
        var html = NoteMarkdown.ToHtml(markdown);

        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html);
    }

    [Fact]
    public void Safe_links_are_kept()
    {
        Assert.Contains("href=\"https://arxiv.org/abs/1706.04454\"", NoteMarkdown.ToHtml("[paper](https://arxiv.org/abs/1706.04454)"));
        Assert.Contains("href=\"/runs/abc\"", NoteMarkdown.ToHtml("[other run](/runs/abc)"));
    }

    [Fact]
    public async Task Tags_and_the_note_are_edited_on_the_run_and_stored()
    {
        var run = await CreateRunAsync("annotated");
        var notes = Render<RunNotes>(p => p.Add(c => c.RunId, run.Id));

        var input = notes.Find("input[data-testid=add-tag]");
        input.Input("fig-3");
        await input.KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        notes.Find("input[data-testid=add-tag]").Input("bad|tag");
        await notes.Find("input[data-testid=add-tag]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        notes.WaitForAssertion(() => Assert.Equal(["fig-3"], notes.FindAll("[data-testid=run-tag]").Select(t => t.TextContent.Trim())), Patience);
        Assert.Contains("cannot contain '|'", notes.Markup);

        notes.Find("[data-testid=edit-note]").Click();
        notes.Find("textarea[data-testid=note-editor]").Change("Bulk near *zero*");
        notes.Find("[data-testid=save-note]").Click();

        notes.WaitForAssertion(() => Assert.Contains("<em>zero</em>", notes.Find("[data-testid=run-note]").InnerHtml), Patience);
        var stored = await Results.GetAsync(run.Id);
        Assert.Equal(["fig-3"], stored!.Tags);
        Assert.Equal("Bulk near *zero*", stored.Note);
    }
}
