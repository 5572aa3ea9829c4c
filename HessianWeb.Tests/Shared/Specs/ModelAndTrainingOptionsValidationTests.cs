using HessianWeb.Shared;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Shared.Specs;

public sealed class ModelAndTrainingOptionsValidationTests
{
    public static TheoryData<string, Func<ExperimentSpec, ExperimentSpec>> InvalidSpecs => new()
    {
        { "model.activation", s => s with { Model = s.Model with { Activation = (Activation)99 } } },
        { "model.init", s => s with { Model = s.Model with { Init = (InitKind)99 } } },
        { "training.optimizer", s => s with { Training = s.Training with { Optimizer = (OptimizerKind)99 } } },
        { "training.momentum", s => s with { Training = s.Training with { Momentum = 1 } } },
        { "training.momentum", s => s with { Training = s.Training with { Momentum = -0.1 } } },
        { "training.momentum", s => s with { Training = s.Training with { Momentum = double.NaN } } },
        { "training.weightDecay", s => s with { Training = s.Training with { WeightDecay = -1e-4 } } },
        { "training.weightDecay", s => s with { Training = s.Training with { WeightDecay = double.PositiveInfinity } } },
        { "training.schedule", s => s with { Training = s.Training with { Schedule = (LearningRateSchedule)99 } } },
        { "training.stepEvery", s => s with { Training = s.Training with { StepEvery = 0 } } },
        { "training.stepFactor", s => s with { Training = s.Training with { StepFactor = 0 } } },
        { "training.stepFactor", s => s with { Training = s.Training with { StepFactor = 1.5 } } },
        { "training.lossTolerance", s => s with { Training = s.Training with { LossTolerance = -1 } } },
        { "training.lossTolerance", s => s with { Training = s.Training with { LossTolerance = double.NaN } } },
        { "training.adamBeta1", s => s with { Training = s.Training with { AdamBeta1 = 1 } } },
        { "training.adamBeta2", s => s with { Training = s.Training with { AdamBeta2 = -0.5 } } },
        { "training.adamEpsilon", s => s with { Training = s.Training with { AdamEpsilon = 0 } } },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void An_invalid_value_is_named_by_its_field(string field, Func<ExperimentSpec, ExperimentSpec> change)
    {
        var errors = SpecValidator.Validate(change(new ExperimentSpec()));
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void The_defaults_are_todays_behaviour_and_the_edges_of_the_ranges_are_valid()
    {
        var spec = new ExperimentSpec();
        Assert.True(spec.Model.Bias);
        Assert.Equal(InitKind.Normal, spec.Model.Init);
        Assert.Equal(OptimizerKind.Sgd, spec.Training.Optimizer);
        Assert.Equal(0, spec.Training.Momentum);
        Assert.Equal(0, spec.Training.WeightDecay);
        Assert.Equal(LearningRateSchedule.Constant, spec.Training.Schedule);
        Assert.Equal(1000, spec.Training.StepEvery);
        Assert.Equal(0.1, spec.Training.StepFactor);
        Assert.Equal(0, spec.Training.LossTolerance);
        Assert.Equal((0.9, 0.999, 1e-8), (spec.Training.AdamBeta1, spec.Training.AdamBeta2, spec.Training.AdamEpsilon));

        var edges = spec with
        {
            Model = spec.Model with { Bias = false, Init = InitKind.Glorot, Activation = Activation.Identity },
            Training = spec.Training with
            {
                Optimizer = OptimizerKind.Adam, Momentum = 0.99, WeightDecay = 0, Schedule = LearningRateSchedule.Cosine,
                StepEvery = 1, StepFactor = 1, LossTolerance = 0, AdamBeta1 = 0, AdamBeta2 = 0,
            },
        };
        Assert.Empty(SpecValidator.Validate(edges));
        Assert.Equal(20 + 50 + 20, SpecLimits.ParameterCount(edges)); // 2→10→5→4 without biases
    }

    [Fact]
    public void The_new_fields_read_from_json_with_lower_case_enums()
    {
        var spec = JsonFormat.Deserialize<ExperimentSpec>("""
            {"model":{"activation":"sigmoid","bias":false,"init":"he"},
             "training":{"optimizer":"adam","momentum":0.5,"weightDecay":0.01,"schedule":"step","stepEvery":10,"stepFactor":0.5,
                         "lossTolerance":0.001,"adamBeta1":0.8,"adamBeta2":0.99,"adamEpsilon":1e-6}}
            """)!;
        Assert.Equal((Activation.Sigmoid, false, InitKind.He), (spec.Model.Activation, spec.Model.Bias, spec.Model.Init));
        var t = spec.Training;
        Assert.Equal((OptimizerKind.Adam, 0.5, 0.01, LearningRateSchedule.Step, 10, 0.5), (t.Optimizer, t.Momentum, t.WeightDecay, t.Schedule, t.StepEvery, t.StepFactor));
        Assert.Equal((0.001, 0.8, 0.99, 1e-6), (t.LossTolerance, t.AdamBeta1, t.AdamBeta2, t.AdamEpsilon));
        Assert.Empty(SpecValidator.Validate(spec));
        Assert.Equal(spec.Training, JsonFormat.Deserialize<ExperimentSpec>(JsonFormat.Serialize(spec))!.Training);
        Assert.Equal(Activation.Identity, JsonFormat.Deserialize<ModelSpec>("""{"activation":"identity"}""")!.Activation);
    }
}
