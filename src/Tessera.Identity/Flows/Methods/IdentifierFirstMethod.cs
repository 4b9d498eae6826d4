using System.Text.Json.Nodes;
using Tessera.Identity.Credentials;

namespace Tessera.Identity.Flows.Methods;

/// <summary>
/// Login's <c>identifier_first</c> method (Kratos's idfirst strategy, <c>selfservice.flows.login.style: identifier_first</c>):
/// the first screen asks for the <c>identifier</c> (group <c>identifier_first</c>, "Continue" 1070009); its submission
/// looks the identifier up and shows the credential screen — the identifier kept as a hidden input, the password
/// method's nodes — or, when the identifier has no password, 4000037 on the identifier (Kratos without
/// account-enumeration mitigation).
/// </summary>
internal sealed class IdentifierFirstMethod(PasswordLogin passwords) : IFlowMethod
{
    public const string Name = "identifier_first";

    public string Method => Name;

    public bool Serves(string flow) => flow == FlowNames.Login;

    public void Populate(FlowForm form)
    {
        if (!form.IdentifierFirst)
        {
            return;
        }

        form.Ui.SetCsrf(form.CsrfToken);
        form.Ui.Upsert(UiNode.Input("identifier", NodeGroups.IdentifierFirst, NodeTypes.InputText, JsonValue.Create(""), required: true, autocomplete: "username webauthn",
            label: SchemaNodes.IdentifierLabel(form.Schema)));
        form.Ui.Nodes.Add(UiNode.Input("method", NodeGroups.IdentifierFirst, NodeTypes.InputSubmit, JsonValue.Create(Name), label: UiMessages.InfoNodeLabelContinue()));
    }

    public async Task<MethodOutcome> SubmitAsync(MethodSubmission submission, CancellationToken ct)
    {
        if (!submission.Form.IdentifierFirst)
        {
            return MethodOutcome.NotResponsible;
        }

        var flow = submission.Flow with { TransientPayload = submission.Body["transient_payload"]?.DeepClone() };
        var ui = flow.Ui;
        ui.ResetMessages();
        var identifier = submission.Field("identifier") ?? "";
        ui.Find("identifier")?.SetAttribute("value", identifier);
        if (identifier.Length == 0)
        {
            ui.AddMessage(UiMessages.ValidationErrorRequired("identifier"), "identifier");
            return MethodOutcome.ShowForm(flow);
        }

        if (!await passwords.HasPasswordAsync(identifier, ct))
        {
            ui.AddMessage(UiMessages.ErrorValidationAccountNotFound(), "identifier");
            return MethodOutcome.ShowForm(flow);
        }

        var form = submission.Form with { Flow = flow };
        foreach (var method in submission.Methods)
        {
            method.PopulateCredentials(form);
        }

        ui.Remove("method", NodeGroups.IdentifierFirst);
        if (ui.Find("identifier") is { } node)
        {
            node.SetAttribute("type", NodeTypes.InputHidden);
        }

        ui.Sort();
        return MethodOutcome.ShowForm(flow with { Active = Name });
    }
}
