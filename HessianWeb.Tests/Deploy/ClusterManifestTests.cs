using System.Diagnostics;
using HessianWeb.Tests.Hosting;
using YamlDotNet.RepresentationModel;

namespace HessianWeb.Tests.Deploy;

/// <summary>
/// deploy/slurm and deploy/kubernetes, filled in as the README tells a user to: the batch job run by bash with Slurm's
/// environment and a stand-in for dotnet that records how each worker was started; the Deployment rendered by envsubst
/// and parsed as YAML.
/// </summary>
public class ClusterManifestTests
{
    const string Servers = "http://hw-a:5080,http://hw-b:5080";
    const string Secret = "wk_test-secret-0123456789";

    static readonly string Sbatch = Path.Combine(RepoRoot.Path, "deploy", "slurm", "hessianweb-worker.sbatch");

    [Fact]
    public void The_batch_job_is_valid_bash_that_asks_Slurm_for_a_GPU()
    {
        var (code, output) = Run("bash", ["-n", Sbatch], new Dictionary<string, string>());
        Assert.True(code == 0, output);
        Assert.Contains("#SBATCH --gres=gpu:1", File.ReadAllLines(Sbatch));
    }

    [Fact]
    public void The_batch_job_starts_one_cuda_worker_per_GPU_with_the_servers_and_the_token_only_in_its_environment()
    {
        using var job = new SlurmJob();
        var (code, output) = job.Run(gpus: "0,1", cpus: 8);
        Assert.True(code == 0, output);

        var workers = job.Workers();
        Assert.Equal(2, workers.Count);
        Assert.Equal(["0", "1"], workers.Select(w => w.Environment["CUDA_VISIBLE_DEVICES"]).Order());
        foreach (var worker in workers)
        {
            Assert.Equal(job.Dll, worker.Args[0]);
            Assert.Equal(Servers, After(worker.Args, "--server"));
            Assert.Equal("cuda", After(worker.Args, "--device"));
            Assert.Equal("4", After(worker.Args, "--threads")); // 8 CPUs shared by two workers
            Assert.Equal(Secret, worker.Environment["HESSIANWEB_WORKER_TOKEN"]);
            Assert.DoesNotContain(worker.Args, a => a.Contains(Secret, StringComparison.Ordinal));
        }
        Assert.NotEqual(After(workers[0].Args, "--name"), After(workers[1].Args, "--name"));
    }

    [Fact]
    public void The_batch_job_refuses_to_start_without_a_GPU_or_a_token_saying_why()
    {
        using (var job = new SlurmJob())
        {
            var (code, output) = job.Run(gpus: "", cpus: 8);
            Assert.Equal(2, code);
            Assert.Contains("This job was given no GPU", output);
            Assert.Empty(job.Workers());
        }
        using (var job = new SlurmJob(tokenFile: false))
        {
            var (code, output) = job.Run(gpus: "0", cpus: 8);
            Assert.Equal(2, code);
            Assert.Contains("No worker token", output);
            Assert.Empty(job.Workers());
        }
    }

    [Fact]
    public void The_Deployment_rendered_by_envsubst_takes_the_token_from_a_Secret_a_GPU_each_and_the_server_list()
    {
        var template = Path.Combine(RepoRoot.Path, "deploy", "kubernetes", "worker-deployment.yaml");
        var (code, rendered) = Run("/bin/sh", ["-c", $"envsubst '$HESSIANWEB_IMAGE $HESSIANWEB_SERVERS $HESSIANWEB_WORKERS' < '{template}'"],
            new Dictionary<string, string>
            {
                ["HESSIANWEB_IMAGE"] = "registry.example.org/hessianweb-worker:1",
                ["HESSIANWEB_SERVERS"] = Servers,
                ["HESSIANWEB_WORKERS"] = "3",
            }, stderrApart: true);
        Assert.True(code == 0, rendered);
        Assert.DoesNotContain("${", rendered);

        var yaml = new YamlStream();
        yaml.Load(new StringReader(rendered));
        var deployment = (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
        Assert.Equal("Deployment", Scalar(deployment, "kind"));
        Assert.Equal("3", Scalar(Map(deployment, "spec"), "replicas"));
        var container = (YamlMappingNode)Assert.Single(Seq(Map(Map(Map(deployment, "spec"), "template"), "spec"), "containers"));
        Assert.Equal("registry.example.org/hessianweb-worker:1", Scalar(container, "image"));
        Assert.Equal(["--device", "cuda"], Seq(container, "args").Select(a => ((YamlScalarNode)a).Value).Take(2));

        var env = Seq(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"));
        Assert.Equal(Servers, Scalar(env["HESSIANWEB_SERVER"], "value"));
        var secret = Map(Map(env["HESSIANWEB_WORKER_TOKEN"], "valueFrom"), "secretKeyRef");
        Assert.Equal("hessianweb-worker-token", Scalar(secret, "name"));
        Assert.Equal("token", Scalar(secret, "key"));
        Assert.False(env["HESSIANWEB_WORKER_TOKEN"].Children.ContainsKey(new YamlScalarNode("value")));

        var limits = Map(Map(container, "resources"), "limits");
        Assert.Equal("1", Scalar(limits, "nvidia.com/gpu"));
        Assert.Equal("32Gi", Scalar(limits, "memory"));
    }

    static string After(IReadOnlyList<string> args, string flag) => args[args.ToList().IndexOf(flag) + 1];
    static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];
    static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];
    static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    internal static (int Code, string Output) Run(string file, string[] args, IReadOnlyDictionary<string, string> environment, bool stderrApart = false)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderrApart && process.ExitCode == 0 ? output : output + error.Result);
    }

    /// <summary>A batch job's environment as Slurm sets it, with a dotnet that writes its arguments and environment down.</summary>
    sealed class SlurmJob : IDisposable
    {
        readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("hessianweb-sbatch-");
        readonly bool tokenFile;

        public SlurmJob(bool tokenFile = true)
        {
            this.tokenFile = tokenFile;
            File.WriteAllText(TokenFile, Secret + "\n");
            // One file per start: each argument on a line, then a blank line, then the environment (NUL-separated by env -0).
            File.WriteAllText(Dotnet, "#!/bin/sh\nout=\"$(dirname \"$0\")/started-$$\"\nprintf '%s\\n' \"$@\" > \"$out\"\necho >> \"$out\"\nenv -0 >> \"$out\"\n");
            if (!OperatingSystem.IsWindows()) // the job is bash's: Slurm runs on Linux
                File.SetUnixFileMode(Dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string TokenFile => Path.Combine(folder.FullName, "worker-token");
        string Dotnet => Path.Combine(folder.FullName, "dotnet");
        public string Dll => Path.Combine(folder.FullName, "HessianWeb.Client.dll");

        public (int Code, string Output) Run(string gpus, int cpus)
        {
            var environment = new Dictionary<string, string>
            {
                ["HESSIANWEB_SERVER"] = Servers,
                ["HESSIANWEB_WORKER_TOKEN_FILE"] = tokenFile ? TokenFile : Path.Combine(folder.FullName, "absent"),
                ["HESSIANWEB_WORKER_TOKEN"] = "",
                ["HESSIANWEB_WORKER_DLL"] = Dll,
                ["DOTNET"] = Dotnet,
                ["CUDA_VISIBLE_DEVICES"] = gpus,
                ["SLURM_JOB_ID"] = "4242",
                ["SLURM_CPUS_PER_TASK"] = cpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SLURM_SUBMIT_DIR"] = folder.FullName,
            };
            return ClusterManifestTests.Run("bash", [Sbatch], environment);
        }

        public List<(string[] Args, Dictionary<string, string> Environment)> Workers() => folder.GetFiles("started-*").Select(file =>
        {
            var text = File.ReadAllText(file.FullName);
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            var args = text[..split].Split('\n');
            var environment = text[(split + 2)..].Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
            return (args, environment);
        }).ToList();

        public void Dispose() => folder.Delete(recursive: true);
    }
}
