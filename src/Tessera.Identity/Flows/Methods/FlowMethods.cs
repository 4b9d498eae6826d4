namespace Tessera.Identity.Flows.Methods;

/// <summary>
/// The methods of the flows, in the order they fill a form and are asked to handle a submission. The
/// runtime builds it; a new method is one class implementing <see cref="IFlowMethod"/> added here.
/// </summary>
internal sealed class FlowMethods(IReadOnlyList<IFlowMethod> methods)
{
    public IEnumerable<IFlowMethod> For(string flow) => methods.Where(m => m.Serves(flow));

    /// <summary>The first method of <paramref name="flow"/> that accepts <paramref name="submission"/>, or null.</summary>
    public IFlowMethod? Find(string flow, MethodSubmission submission) => For(flow).FirstOrDefault(m => m.Accepts(submission));
}
