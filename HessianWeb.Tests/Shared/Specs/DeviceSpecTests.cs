using HessianWeb.Shared;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Shared.Specs;

public sealed class DeviceSpecTests
{
    [Fact]
    public void The_device_is_a_lower_case_string_and_a_spec_without_it_runs_anywhere()
    {
        var json = JsonFormat.Serialize(new ExperimentSpec { Device = DeviceKind.Cuda });

        Assert.Contains("\"device\":\"cuda\"", json, StringComparison.Ordinal);
        Assert.Equal(DeviceKind.Cuda, JsonFormat.Deserialize<ExperimentSpec>(json)!.Device);
        Assert.Equal(DeviceKind.Cpu, JsonFormat.Deserialize<ExperimentSpec>("{\"device\":\"cpu\"}")!.Device);
        Assert.Null(JsonFormat.Deserialize<ExperimentSpec>("{\"device\":null}")!.Device);
        // A spec exported before the field existed: no device, still valid, and written back without one.
        var old = JsonFormat.Deserialize<ExperimentSpec>("{\"name\":\"old\"}")!;
        Assert.Null(old.Device);
        Assert.Empty(SpecValidator.Validate(old));
        Assert.DoesNotContain("device", JsonFormat.Serialize(old), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_device_is_refused_under_its_field()
    {
        var errors = SpecValidator.Validate(new ExperimentSpec { Device = (DeviceKind)7 });

        Assert.Equal(["The device must be cpu or cuda, or left out for any worker."], errors[SpecFields.Device]);
        Assert.Single(errors);
    }
}
