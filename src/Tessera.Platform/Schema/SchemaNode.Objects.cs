using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

internal sealed partial class SchemaNode
{
    private bool EvaluateObject(JsonObject obj, string path, Evaluation evaluation, Annotations local)
    {
        var valid = true;
        if (Required is not null)
        {
            foreach (var name in Required)
            {
                if (!obj.ContainsKey(name))
                {
                    valid = false;
                    evaluation.Fail(path, Location, "required", $"missing required property \"{name}\"");
                }
            }
        }

        if (obj.Count < MinProperties)
        {
            valid = false;
            evaluation.Fail(path, Location, "minProperties", string.Create(CultureInfo.InvariantCulture, $"must have at least {MinProperties} properties"));
        }

        if (obj.Count > MaxProperties)
        {
            valid = false;
            evaluation.Fail(path, Location, "maxProperties", string.Create(CultureInfo.InvariantCulture, $"must have at most {MaxProperties} properties"));
        }

        if (DependentRequired is not null)
        {
            foreach (var (trigger, names) in DependentRequired)
            {
                if (!obj.ContainsKey(trigger))
                {
                    continue;
                }

                foreach (var name in names.Where(n => !obj.ContainsKey(n)))
                {
                    valid = false;
                    evaluation.Fail(path, Location, "dependentRequired", $"missing property \"{name}\", required when \"{trigger}\" is present");
                }
            }
        }

        if (DependentSchemas is not null)
        {
            foreach (var (trigger, schema) in DependentSchemas)
            {
                if (obj.ContainsKey(trigger))
                {
                    valid &= schema.Evaluate(obj, path, evaluation, local);
                }
            }
        }

        if (PropertyNames is not null)
        {
            foreach (var (name, _) in obj)
            {
                var (ok, _) = evaluation.Quietly(() => PropertyNames.Evaluate(JsonValue.Create(name), path, evaluation, new Annotations()));
                if (!ok)
                {
                    valid = false;
                    evaluation.Fail(Child(path, name), Location, "propertyNames", "property name is not allowed by propertyNames");
                }
            }
        }

        foreach (var (name, value) in obj)
        {
            var childPath = Child(path, name);
            var matched = false;
            if (Properties is not null && Properties.TryGetValue(name, out var schema))
            {
                matched = true;
                local.AddProperty(name);
                valid &= schema.Evaluate(value, childPath, evaluation, new Annotations());
            }

            if (PatternProperties is not null)
            {
                foreach (var (regex, _, patternSchema) in PatternProperties)
                {
                    if (SchemaRegex.IsMatch(regex, name))
                    {
                        matched = true;
                        local.AddProperty(name);
                        valid &= patternSchema.Evaluate(value, childPath, evaluation, new Annotations());
                    }
                }
            }

            if (!matched && AdditionalProperties is not null)
            {
                local.AddProperty(name);
                if (AdditionalProperties.Boolean == false)
                {
                    valid = false;
                    evaluation.Fail(childPath, Location, "additionalProperties", "property is not allowed (additionalProperties is false)");
                }
                else
                {
                    valid &= AdditionalProperties.Evaluate(value, childPath, evaluation, new Annotations());
                }
            }
        }

        if (UnevaluatedProperties is not null)
        {
            foreach (var (name, value) in obj)
            {
                if (local.Properties?.Contains(name) ?? false)
                {
                    continue;
                }

                var childPath = Child(path, name);
                if (UnevaluatedProperties.Boolean == false)
                {
                    valid = false;
                    evaluation.Fail(childPath, Location, "unevaluatedProperties", "property is not allowed (unevaluatedProperties is false)");
                }
                else
                {
                    valid &= UnevaluatedProperties.Evaluate(value, childPath, evaluation, new Annotations());
                }

                local.AddProperty(name);
            }
        }

        return valid;
    }
}
