using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

internal sealed partial class SchemaNode
{
    private bool EvaluateApplicators(JsonNode? instance, string path, Evaluation evaluation, Annotations local)
    {
        var valid = true;
        if (AllOf is not null)
        {
            foreach (var schema in AllOf)
            {
                valid &= schema.Evaluate(instance, path, evaluation, local);
            }
        }

        if (AnyOf is not null)
        {
            var any = false;
            foreach (var schema in AnyOf)
            {
                // Every branch runs: each passing one contributes annotations.
                var (ok, _) = evaluation.Quietly(() => schema.Evaluate(instance, path, evaluation, local));
                any |= ok;
            }

            if (!any)
            {
                valid = false;
                evaluation.Fail(path, Location, "anyOf", "must match at least one of the anyOf schemas");
            }
        }

        if (OneOf is not null)
        {
            var passing = 0;
            var branchAnnotations = new Annotations();
            List<JsonSchemaError>? onlyBranchErrors = null;
            foreach (var schema in OneOf)
            {
                var candidate = new Annotations();
                var (ok, errors) = evaluation.Quietly(() => schema.Evaluate(instance, path, evaluation, candidate));
                if (ok)
                {
                    passing++;
                    branchAnnotations.Merge(candidate);
                }
                else if (OneOf.Count == 1)
                {
                    onlyBranchErrors = errors;
                }
            }

            if (passing == 1)
            {
                local.Merge(branchAnnotations);
            }
            else
            {
                valid = false;
                if (onlyBranchErrors is not null)
                {
                    evaluation.Errors.AddRange(onlyBranchErrors);
                }
                else
                {
                    evaluation.Fail(path, Location, "oneOf", passing == 0 ? "must match exactly one of the oneOf schemas, but matches none" : $"must match exactly one of the oneOf schemas, but matches {passing}");
                }
            }
        }

        if (Not is not null)
        {
            var (ok, _) = evaluation.Quietly(() => Not.Evaluate(instance, path, evaluation, new Annotations()));
            if (ok)
            {
                valid = false;
                evaluation.Fail(path, Location, "not", "must not match the schema in not");
            }
        }

        if (If is not null)
        {
            var ifAnnotations = new Annotations();
            var (matches, _) = evaluation.Quietly(() => If.Evaluate(instance, path, evaluation, ifAnnotations));
            if (matches)
            {
                local.Merge(ifAnnotations);
                if (Then is not null)
                {
                    valid &= Then.Evaluate(instance, path, evaluation, local);
                }
            }
            else if (Else is not null)
            {
                valid &= Else.Evaluate(instance, path, evaluation, local);
            }
        }

        return valid;
    }
}
