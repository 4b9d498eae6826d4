using System.Text.Json.Nodes;

namespace Tessera.Identity.Flows.Methods;

/// <summary>
/// The nodes of the <c>password</c> method (Kratos's password strategy's form hydrators): login's
/// identifier (labelled from the schema, else 1070004 "ID"), password (1070001, current-password) and
/// submit (1010022 "Sign in with password"); registration's password (new-password) and submit
/// (1040001 "Sign up"). Submissions are not handled yet: the password credential adds them, until then
/// <c>method=password</c> is answered as a method no strategy serves.
/// </summary>
internal sealed class PasswordForm : IFlowMethod
{
    public const string Name = "password";

    public string Method => Name;

    public bool Serves(string flow) => flow is FlowNames.Login or FlowNames.Registration;

    public void Populate(FlowForm form)
    {
        if (form.Flow.Name == FlowNames.Login)
        {
            if (form.IdentifierFirst)
            {
                // The identifier_first method asks first; the password comes with PopulateCredentials.
                return;
            }

            form.Ui.Upsert(UiNode.Input("identifier", NodeGroups.Default, NodeTypes.InputText, JsonValue.Create(""), required: true, label: SchemaNodes.IdentifierLabel(form.Schema)));
            form.Ui.SetCsrf(form.CsrfToken);
            form.Ui.Upsert(PasswordNode("current-password"));
            form.Ui.Nodes.Add(Submit(UiMessages.InfoLoginPassword()));
            return;
        }

        if (!form.TwoSteps)
        {
            PopulateCredentials(form);
        }
    }

    public void PopulateCredentials(FlowForm form)
    {
        form.Ui.SetCsrf(form.CsrfToken);
        if (form.Flow.Name == FlowNames.Login)
        {
            // Identifier first: Kratos's PopulateLoginMethodIdentifierFirstCredentials.
            form.Ui.Upsert(PasswordNode("current-password"));
            form.Ui.Nodes.Add(Submit(UiMessages.InfoLoginPassword()));
            return;
        }

        form.Ui.Upsert(PasswordNode("new-password"));
        form.Ui.Remove("method", NodeGroups.Password);
        form.Ui.Nodes.Add(Submit(UiMessages.InfoRegistration()));
    }

    public Task<MethodOutcome> SubmitAsync(MethodSubmission submission, CancellationToken ct) => Task.FromResult(MethodOutcome.NotResponsible);

    private static UiNode PasswordNode(string autocomplete)
        => UiNode.Input("password", NodeGroups.Password, NodeTypes.InputPassword, required: true, autocomplete: autocomplete, label: UiMessages.InfoNodeInputPassword());

    private static UiNode Submit(UiText label) => UiNode.Input("method", NodeGroups.Password, NodeTypes.InputSubmit, JsonValue.Create(Name), label: label);
}
