using HessianWeb.Shared;
using System.Reflection;
using System.Text.Json.Serialization;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Shared.Specs;

/// <summary>
/// <see cref="SpecFields"/> names every settable spec property once, and nothing else, so a new spec property without
/// its entry fails here. Paths are the JSON names <see cref="JsonFormat"/> writes, joined by dots. The rule for nesting:
/// a property holding a spec record has an entry of its own (its section, e.g. "analysis.density") and its properties
/// theirs below it; an array of plain values (model.hiddenWidths) is one field; an array of spec records
/// (training.phases, analysis.interpolations) has an entry for the list, and its element's properties are listed
/// relative to the element ("batchSize", the validator writing training.phases[i].batchSize) in the element's own
/// class, <see cref="SpecFields.Phase"/> or <see cref="SpecFields.Interpolation"/>.
/// </summary>
public sealed class SpecFieldsTests
{
    static readonly Dictionary<Type, Type> ElementClasses = new()
    {
        [typeof(TrainingPhaseSpec)] = typeof(SpecFields.Phase),
        [typeof(InterpolationSpec)] = typeof(SpecFields.Interpolation),
    };

    [Fact]
    public void Every_spec_property_has_exactly_one_entry_and_every_entry_names_a_property()
    {
        var root = new[] { typeof(SpecFields) }.Concat(typeof(SpecFields).GetNestedTypes())
            .Where(c => !ElementClasses.ContainsValue(c));

        AssertListsExactly(typeof(ExperimentSpec), root);
    }

    [Fact]
    public void Every_list_elements_property_has_exactly_one_entry_relative_to_the_element()
    {
        foreach (var (element, fields) in ElementClasses)
            AssertListsExactly(element, [fields]);
    }

    static void AssertListsExactly(Type spec, IEnumerable<Type> fieldClasses)
    {
        var entries = fieldClasses
            .SelectMany(c => c.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        var paths = Paths(spec, "").ToList();

        Assert.Empty(entries.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(paths.Order(StringComparer.Ordinal), entries.Order(StringComparer.Ordinal));
    }

    /// <summary>The JSON path of every settable property of the record, sections included; the elements of a list of records are another walk's.</summary>
    static IEnumerable<string> Paths(Type record, string prefix)
    {
        foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var path = prefix + JsonName(property);
            yield return path;
            if (IsSpecRecord(property.PropertyType))
                foreach (var inner in Paths(property.PropertyType, path + "."))
                    yield return inner;
            else if (property.PropertyType.GetElementType() is { } element && IsSpecRecord(element))
                Assert.True(ElementClasses.ContainsKey(element), $"{path}: a list of {element.Name} needs its own class in SpecFields and in ElementClasses here");
        }
    }

    static bool IsSpecRecord(Type type) => type.IsClass && type != typeof(string) && type.Namespace == typeof(ExperimentSpec).Namespace;

    static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonFormat.Options.PropertyNamingPolicy!.ConvertName(property.Name);
}
