using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Shared.Specs;

public sealed class PhaseAndInterpolationValidationTests
{
    static readonly TrainingPhaseSpec Lb = new() { Name = "lb", BatchSize = 50, Epochs = 20 };
    static readonly TrainingPhaseSpec Sb = new() { Name = "sb", BatchSize = 10 };

    static ExperimentSpec Phased(params TrainingPhaseSpec[] phases) => new() { Training = new TrainingSpec { Phases = phases } };

    [Fact]
    public void The_quickstart_has_one_unnamed_phase_and_no_interpolations()
    {
        var spec = JsonFormat.Deserialize<ExperimentSpec>("{}")!;

        Assert.Null(spec.Training.Phases);
        Assert.Null(spec.Analysis.Interpolations);
        var (name, training) = Assert.Single(TrainingPhases.Of(spec.Training));
        Assert.Null(name);
        Assert.Same(spec.Training, training);
        Assert.DoesNotContain("phases", JsonFormat.Serialize(spec));
        Assert.DoesNotContain("interpolations", JsonFormat.Serialize(spec));
    }

    [Fact]
    public void A_phase_takes_the_base_settings_it_leaves_unset_and_full_batch_overrides_a_base_batch_size()
    {
        var spec = JsonFormat.Deserialize<ExperimentSpec>("""
            { "training": { "learningRate": 0.05, "batchSize": 20, "epochs": 300, "momentum": 0.5,
                            "phases": [ { "name": "lb", "batchSize": 50, "epochs": 10 }, { "name": "gd", "fullBatch": true, "learningRate": 0.2 } ] },
              "analysis": { "interpolations": [ { "from": "lb:end", "to": "end", "topEigenvalue": true } ] } }
            """)!;

        Assert.Empty(SpecValidator.Validate(spec));
        var phases = TrainingPhases.Of(spec.Training);
        Assert.Equal(["lb", "gd"], phases.Select(p => p.Name));
        Assert.Equal((0.05, 50, 10, 0.5), (phases[0].Training.LearningRate, phases[0].Training.BatchSize, phases[0].Training.Epochs, phases[0].Training.Momentum));
        Assert.Equal((0.2, (int?)null, 300, 0.5), (phases[1].Training.LearningRate, phases[1].Training.BatchSize, phases[1].Training.Epochs, phases[1].Training.Momentum));
        Assert.All(phases, p => Assert.Null(p.Training.Phases));
        var line = Assert.Single(spec.Analysis.Interpolations!);
        Assert.Equal(("lb:end", "end", 41, -0.5, 1.5, true), (line.From, line.To, line.Points, line.AlphaMin, line.AlphaMax, line.TopEigenvalue));
        Assert.Equal("lb:end→end", line.Label);
    }

    [Fact]
    public void The_default_grid_has_41_points_from_minus_half_to_three_halves_with_0_and_1_exactly()
    {
        var line = new InterpolationSpec();
        var alphas = Enumerable.Range(0, line.Points).Select(line.Alpha).ToArray();

        Assert.Equal(-0.5, alphas[0]);
        Assert.Equal(1.5, alphas[^1]);
        Assert.Equal(0.0, alphas[10]);
        Assert.Equal(1.0, alphas[30]);
        for (var i = 1; i < alphas.Length; i++) Assert.Equal(0.05, alphas[i] - alphas[i - 1], 1e-12);
    }

    public static TheoryData<string, ExperimentSpec> Invalid => new()
    {
        { "training.phases[0].name", Phased(Lb with { Name = "" }, Sb) },
        { "training.phases[1].name", Phased(Lb, Sb with { Name = "lb" }) },
        { "training.phases[0].name", Phased(Lb with { Name = "l:b" }, Sb) },
        { "training.phases[1].name", Phased(Lb, Sb with { Name = "end" }) },
        { "training.phases[1].batchSize", Phased(Lb, Sb with { BatchSize = 0 }) },
        { "training.phases[1].batchSize", Phased(Lb, Sb with { BatchSize = 101 }) },
        { "training.phases[1].batchSize", Phased(Lb, Sb with { FullBatch = true }) },
        { "training.phases[0].learningRate", Phased(Lb with { LearningRate = double.NaN }, Sb) },
        { "training.phases[0].epochs", Phased(Lb with { Epochs = -1 }, Sb) },
        { "training.phases[1].momentum", Phased(Lb, Sb with { Momentum = 1 }) },
        { "training.phases[1].schedule", Phased(Lb, Sb with { Schedule = (LearningRateSchedule)9 }) },
        { "analysis.interpolations[0].from", new ExperimentSpec { Analysis = new AnalysisSpec { Interpolations = [new() { From = "lb:end" }] } } },
        { "analysis.interpolations[0].to", Phased(Lb, Sb) with { Analysis = new AnalysisSpec { Interpolations = [new() { To = "sb:end" }] } } },
        { "analysis.interpolations[0].to", new ExperimentSpec { Analysis = new AnalysisSpec { Interpolations = [new() { To = "init" }] } } },
        { "analysis.interpolations[1].points", new ExperimentSpec { Analysis = new AnalysisSpec { Interpolations = [new(), new() { Points = 1 }] } } },
        { "analysis.interpolations[0].alphaMax", new ExperimentSpec { Analysis = new AnalysisSpec { Interpolations = [new() { AlphaMin = 1, AlphaMax = 0 }] } } },
        { "analysis.interpolations[0].alphaMin", new ExperimentSpec { Analysis = new AnalysisSpec { Interpolations = [new() { AlphaMin = double.NegativeInfinity }] } } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_bad_phase_or_interpolation_is_named_by_its_place_in_the_list(string field, ExperimentSpec spec)
    {
        var errors = SpecValidator.Validate(spec);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_bad_base_value_is_reported_once_at_the_base_not_again_at_each_phase_that_inherits_it()
    {
        var spec = Phased(Lb, Sb) with { Training = Phased(Lb, Sb).Training with { LearningRate = -1 } };

        Assert.Equal(["training.learningRate"], SpecValidator.Validate(spec).Keys);
    }

    [Fact]
    public void Phase_ends_but_the_last_can_be_interpolated_and_the_last_is_the_end()
    {
        Assert.Equal(["init", "lb:end", "mid:end", "end"],
            SpecValidator.GuaranteedCheckpoints(new TrainingSpec { Phases = [Lb, Sb with { Name = "mid" }, Sb] }));
        Assert.Equal(["init", "end"], SpecValidator.GuaranteedCheckpoints(new TrainingSpec()));
    }

    [Fact]
    public void An_uploaded_model_interpolates_to_uploaded_weights_and_a_built_in_model_does_not()
    {
        var other = Guid.NewGuid();
        var line = new InterpolationSpec { From = Checkpoints.Init, To = Checkpoints.Upload(other) };
        var uploaded = new ExperimentSpec
        {
            Data = new DataSpec { Kind = DataKind.Tensors, File = Guid.NewGuid() },
            Model = new ModelSpec { Kind = ModelKind.Torchscript, File = Guid.NewGuid(), ParameterCount = 100 },
            Training = new TrainingSpec { Epochs = 0 },
            Analysis = new AnalysisSpec { Interpolations = [line] },
        };

        Assert.Equal(other, Checkpoints.UploadOf(line.To));
        Assert.Null(Checkpoints.UploadOf("upload-not-a-guid"));
        Assert.Empty(SpecValidator.Validate(uploaded));
        var builtIn = SpecValidator.Validate(new ExperimentSpec { Analysis = new AnalysisSpec { Interpolations = [line] } });
        Assert.Contains("Only a run of an uploaded model", Assert.Single(builtIn["analysis.interpolations[0].to"]), StringComparison.Ordinal);
    }
}

public sealed class PhasedExampleTests
{
    [Fact]
    public void The_large_then_small_batch_example_is_a_valid_two_phase_spec_with_its_interpolation()
    {
        var json = File.ReadAllText(Path.Combine(Hosting.RepoRoot.Path, "examples", "large-then-small-batch.json"));
        var spec = JsonFormat.Deserialize<ExperimentSpec>(json)!;

        Assert.Empty(SpecValidator.Validate(spec));
        Assert.Equal([("lb", 500), ("sb", 10)], TrainingPhases.Of(spec.Training).Select(p => (p.Name, p.Training.BatchSize ?? 0)));
        Assert.Equal("lb:end→end", Assert.Single(spec.Analysis.Interpolations!).Label);
    }
}
