using HessianWeb.Server.Comparison;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Comparison;

public sealed class ComparisonStateTests
{
    static readonly Guid A = Guid.Parse("0195f3c2-0000-7000-8000-00000000000a");
    static readonly Guid B = Guid.Parse("0195f3c2-0000-7000-8000-00000000000b");
    static readonly Guid C = Guid.Parse("0195f3c2-0000-7000-8000-00000000000c");

    [Fact]
    public void A_state_survives_its_query_string()
    {
        var state = new ComparisonState
        {
            Runs = [C, A, B],
            Smoothing = 0.873,
            LogLoss = false,
            LogEigenvalues = true,
            LogDensity = false,
            // A re-analysis label carries a middle dot, which the query escapes.
            Checkpoint = "end·2",
            Operator = CurvatureOperators.GaussNewton,
            Config = ConfigRows.All,
        };

        var query = state.ToQuery();
        var (parsed, errors) = ComparisonState.Parse(Query(query));

        Assert.Empty(errors);
        Assert.Equal(state, parsed);
        Assert.Equal([C, A, B], parsed.Runs);
        Assert.Equal("end·2", parsed.Checkpoint);
        Assert.Contains("checkpoint=end%C2%B72", query);
        Assert.Equal(query, parsed.ToQuery());
    }

    [Fact]
    public void The_runs_lists_link_has_the_defaults_for_everything_else()
    {
        var (state, errors) = ComparisonState.Parse(Query($"runs={A},{B},{C}"));

        Assert.Empty(errors);
        Assert.Equal(new ComparisonState { Runs = [A, B, C] }, state);
        Assert.Equal(0.6, state.Smoothing);
        Assert.True(state.LogLoss);
        Assert.True(state.LogDensity);
        Assert.False(state.LogEigenvalues);
        Assert.Null(state.Checkpoint);
        Assert.Equal(CurvatureOperators.Hessian, state.Operator);
        Assert.Equal(ConfigRows.Differences, state.Config);
    }

    [Fact]
    public void Bad_values_are_named_by_their_key_and_fall_back_to_the_default()
    {
        var (state, errors) = ComparisonState.Parse(Query($"runs={A},not-a-run&smoothing=1.5&logLoss=maybe&operator=fisher&config=some"));

        Assert.Equal(["config", "logLoss", "operator", "runs", "smoothing"], errors.Keys.Order());
        Assert.Contains("'not-a-run' is not a run id", errors["runs"]);
        Assert.Contains("'1.5' is not a smoothing weight", errors["smoothing"]);
        Assert.Contains("hessian, gaussNewton, residual", errors["operator"]);
        Assert.Equal([A], state.Runs);
        Assert.Equal(ComparisonState.DefaultSmoothing, state.Smoothing);
        Assert.True(state.LogLoss);
        Assert.Equal(CurvatureOperators.Hessian, state.Operator);
    }

    [Fact]
    public void No_runs_and_too_many_runs_are_errors_a_repeated_run_is_kept_once()
    {
        Assert.Contains("Name the runs to compare", ComparisonState.Parse(Query("smoothing=0.5")).Errors["runs"]);

        var nine = Enumerable.Range(1, 9).Select(i => new Guid(i, 0, 0, new byte[8])).ToList();
        var (state, errors) = ComparisonState.Parse(Query("runs=" + string.Join(",", nine)));
        Assert.Equal(nine.Take(8), state.Runs);
        Assert.Contains("At most 8 runs", errors["runs"]);

        var (repeated, none) = ComparisonState.Parse(Query($"runs={A},{B},{A}"));
        Assert.Empty(none);
        Assert.Equal([A, B], repeated.Runs);
    }

    static Dictionary<string, string?> Query(string query) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
}
