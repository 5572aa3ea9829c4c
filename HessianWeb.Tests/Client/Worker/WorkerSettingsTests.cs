using HessianWeb.Client.Worker;

namespace HessianWeb.Tests.Client.Worker;

/// <summary>How a worker reads its servers from <c>--server</c> (or HESSIANWEB_SERVER): one address, or several to fail over between.</summary>
public sealed class WorkerSettingsTests
{
    static WorkerSettings Parse(params string[] args) => WorkerSettings.Parse([.. args, "--token", "t"]);

    [Fact]
    public void One_server_is_a_list_of_one()
    {
        Assert.Equal([new Uri("http://dashboard:5080")], Parse("--server", "http://dashboard:5080").Servers);
    }

    [Fact]
    public void Several_servers_are_kept_in_the_order_given_without_blanks_or_repeats()
    {
        var servers = Parse("--server", "http://a:5080, https://b.example/ ,,http://a:5080,").Servers;

        Assert.Equal([new Uri("http://a:5080"), new Uri("https://b.example/")], servers);
    }

    [Theory]
    [InlineData("http://a:5080,ftp://b", "'ftp://b' is not an http(s) address.")]
    [InlineData("http://a:5080,b:5080", "'b:5080' is not an http(s) address.")]
    [InlineData("nowhere", "'nowhere' is not an http(s) address.")]
    [InlineData(" , ", "Give the server's address: --server http://host:port (several: --server http://a:5080,http://b:5080)")]
    public void Every_address_is_checked(string list, string message)
    {
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => Parse("--server", list)).Message);
    }

    [Fact]
    public void An_upload_cache_given_is_kept_as_a_full_path_and_none_given_leaves_the_default()
    {
        Assert.Equal(Path.GetFullPath("cache/uploads"), Parse("--server", "http://a:5080", "--upload-cache", "cache/uploads").UploadCache);
        Assert.Null(Parse("--server", "http://a:5080").UploadCache);
    }

    [Fact]
    public void The_environment_variable_takes_a_list_too()
    {
        var before = Environment.GetEnvironmentVariable("HESSIANWEB_SERVER");
        try
        {
            Environment.SetEnvironmentVariable("HESSIANWEB_SERVER", "http://a:5080,http://b:5080");
            Assert.Equal([new Uri("http://a:5080"), new Uri("http://b:5080")], Parse().Servers);
            Assert.Equal([new Uri("http://c:5080")], Parse("--server", "http://c:5080").Servers);
        }
        finally { Environment.SetEnvironmentVariable("HESSIANWEB_SERVER", before); }
    }
}
