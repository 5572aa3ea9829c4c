using HessianWeb.Shared;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Shared.Specs;

public sealed class ReorthogonalisationSpecTests
{
    [Fact]
    public void An_unknown_mode_is_refused_under_its_field()
    {
        var spec = new ExperimentSpec { Analysis = new AnalysisSpec { Reorthogonalisation = (Reorthogonalisation)99 } };

        var errors = SpecValidator.Validate(spec);

        Assert.Equal(["The reorthogonalisation must be full, partial or selective."], errors[SpecFields.Analysis.Reorthogonalisation]);
        Assert.Single(errors);
    }

    [Fact]
    public void The_mode_is_a_camel_case_string_and_a_spec_without_it_reads_as_the_default()
    {
        var json = JsonFormat.Serialize(new ExperimentSpec { Analysis = new AnalysisSpec { Reorthogonalisation = Reorthogonalisation.Selective } });

        Assert.Contains("\"reorthogonalisation\":\"selective\"", json, StringComparison.Ordinal);
        Assert.Equal(Reorthogonalisation.Selective, JsonFormat.Deserialize<ExperimentSpec>(json)!.Analysis.Reorthogonalisation);
        Assert.Equal(new AnalysisSpec().Reorthogonalisation, JsonFormat.Deserialize<ExperimentSpec>("{\"analysis\":{}}")!.Analysis.Reorthogonalisation);
    }
}
