using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>
/// One execution of a compiled template (Go's exec.go state): walks the tree, keeps the variable stack, evaluates
/// pipelines, fields, methods and function calls, and raises Go-shaped errors naming the node being evaluated.
/// </summary>
internal sealed class TemplateExecutor(GoTemplate template, StringBuilder output)
{
    /// <summary>Nested template calls allowed (Go allows 100000; a .NET stack is smaller).</summary>
    private const int MaxDepth = 1000;

    private readonly List<(string Name, TemplateValue Value)> _vars = [];
    private string _templateName = template.Name;
    private Node? _node;
    private int _depth;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public void Run(string name, ListNode root, TemplateValue data)
    {
        _templateName = name;
        _vars.Add(("$", data));
        Walk(data, root);
    }

    private Flow Walk(TemplateValue dot, Node node)
    {
        _node = node;
        switch (node)
        {
            case ActionNode action:
            {
                var value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Declarations.Length == 0)
                {
                    _node = action;
                    GoFormat.AppendValue(output, value, plus: false, nested: false);
                }

                return Flow.Normal;
            }

            case TextNode text:
                output.Append(text.Text);
                return Flow.Normal;
            case ListNode list:
                foreach (var item in list.Nodes)
                {
                    var flow = Walk(dot, item);
                    if (flow != Flow.Normal)
                    {
                        return flow;
                    }
                }

                return Flow.Normal;
            case BranchNode branch:
                return branch.Kind == BranchKind.Range ? WalkRange(dot, branch) : WalkIfOrWith(dot, branch);
            case TemplateCallNode call:
                WalkTemplate(dot, call);
                return Flow.Normal;
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            case CommentNode:
                return Flow.Normal;
            default:
                throw Error("unknown node: " + node);
        }
    }

    private Flow WalkIfOrWith(TemplateValue dot, BranchNode branch)
    {
        var mark = _vars.Count;
        try
        {
            var value = EvalPipeline(dot, branch.Pipe);
            if (value.IsTrue)
            {
                return Walk(branch.Kind == BranchKind.With ? value : dot, branch.List);
            }

            return branch.ElseList is not null ? Walk(dot, branch.ElseList) : Flow.Normal;
        }
        finally
        {
            Pop(mark);
        }
    }

    private Flow WalkRange(TemplateValue dot, BranchNode branch)
    {
        _node = branch;
        var mark = _vars.Count;
        try
        {
            var value = EvalPipeline(dot, branch.Pipe);
            var declarations = branch.Pipe.Declarations;

            // Variables declared by the pipeline are set per iteration.
            Pop(mark);
            var iterated = false;
            switch (value.Kind)
            {
                case TemplateKind.List:
                {
                    var list = value.AsList;
                    for (var i = 0; i < list.Count; i++)
                    {
                        iterated = true;
                        if (Iteration(TemplateValue.Int(i), list[i], branch, declarations) == Flow.Break)
                        {
                            break;
                        }
                    }

                    break;
                }

                case TemplateKind.Map:
                {
                    var map = value.AsMap;
                    foreach (var key in map.SortedKeys())
                    {
                        iterated = true;
                        map.TryGet(key, out var item);
                        if (Iteration(TemplateValue.String(key), item, branch, declarations) == Flow.Break)
                        {
                            break;
                        }
                    }

                    break;
                }

                case TemplateKind.Int:
                {
                    if (declarations.Length > 1)
                    {
                        throw Error($"can't use {value.AsInt} to iterate over more than one variable");
                    }

                    for (long i = 0; i < value.AsInt; i++)
                    {
                        iterated = true;
                        if (Iteration(TemplateValue.Int(i), TemplateValue.Int(i), branch, declarations, single: true) == Flow.Break)
                        {
                            break;
                        }
                    }

                    break;
                }

                case TemplateKind.Missing or TemplateKind.Nil:
                    break;
                default:
                    // Go names the node the pipeline evaluated last (the range's operand).
                    throw Error($"range can't iterate over {GoFormat.Sprint(value)}");
            }

            if (!iterated && branch.ElseList is not null)
            {
                return Walk(dot, branch.ElseList);
            }

            return Flow.Normal;
        }
        finally
        {
            Pop(mark);
        }
    }

    private Flow Iteration(TemplateValue index, TemplateValue element, BranchNode branch, VariableNode[] declarations, bool single = false)
    {
        var mark = _vars.Count;
        if (declarations.Length > 0)
        {
            if (branch.Pipe.IsAssign)
            {
                if (declarations.Length > 1)
                {
                    SetVar(declarations[0].Idents[0], index);
                    SetVar(declarations[1].Idents[0], element);
                }
                else
                {
                    SetVar(declarations[0].Idents[0], single ? index : element);
                }
            }
            else if (declarations.Length > 1)
            {
                _vars.Add((declarations[0].Idents[0], index));
                _vars.Add((declarations[1].Idents[0], element));
            }
            else
            {
                _vars.Add((declarations[0].Idents[0], single ? index : element));
            }
        }

        var flow = Walk(element, branch.List);
        Pop(mark);
        return flow;
    }

    private void WalkTemplate(TemplateValue dot, TemplateCallNode call)
    {
        _node = call;
        var root = template.Definition(call.Name) ?? throw Error($"template {GoFormat.Quote(call.Name)} not defined");
        if (_depth >= MaxDepth)
        {
            throw Error($"exceeded maximum template depth ({MaxDepth})");
        }

        var newDot = call.Pipe is null ? TemplateValue.Missing : EvalPipeline(dot, call.Pipe);
        var outerVars = _vars.ToArray();
        var outerName = _templateName;
        _vars.Clear();
        _vars.Add(("$", newDot));
        _templateName = call.Name;
        _depth++;
        try
        {
            Walk(newDot, root);
        }
        finally
        {
            _depth--;
            _templateName = outerName;
            _vars.Clear();
            _vars.AddRange(outerVars);
        }
    }

    private TemplateValue EvalPipeline(TemplateValue dot, PipeNode pipe)
    {
        _node = pipe;
        var value = TemplateValue.Missing;
        var hasFinal = false;
        foreach (var command in pipe.Commands)
        {
            // Go digs into an interface{} result ("lovely!" in exec.go): a nil interface becomes no value at all,
            // so {{.J.z}} prints <no value>, not <nil>.
            value = EvalCommand(dot, command, value, hasFinal).OrMissing;
            hasFinal = true;
        }

        foreach (var variable in pipe.Declarations)
        {
            if (pipe.IsAssign)
            {
                SetVar(variable.Idents[0], value);
            }
            else
            {
                _vars.Add((variable.Idents[0], value));
            }
        }

        return value;
    }

    private TemplateValue EvalCommand(TemplateValue dot, CommandNode command, TemplateValue final, bool hasFinal)
    {
        var first = command.Args[0];
        switch (first)
        {
            case FieldNode field:
                _node = field;
                return EvalFieldChain(dot, dot, field, field.Idents, 0, command.Args, final, hasFinal);
            case ChainNode chain:
                return EvalChain(dot, chain, command.Args, final, hasFinal);
            case IdentifierNode identifier:
                return EvalFunction(dot, identifier, command, command.Args, final, hasFinal);
            case PipeNode pipe:
                NotAFunction(command.Args, hasFinal);
                return EvalPipeline(dot, pipe);
            case VariableNode variable:
                return EvalVariable(dot, variable, command.Args, final, hasFinal);
        }

        _node = first;
        NotAFunction(command.Args, hasFinal);
        return first switch
        {
            BoolNode b => b.Value,
            DotNode => dot,
            NilNode => throw Error("nil is not a command"),
            NumberNode n => Constant(n),
            StringNode s => s.Value,
            _ => throw Error($"can't evaluate command {GoFormat.Quote(first.ToString())}"),
        };
    }

    private TemplateValue Constant(NumberNode number)
    {
        _node = number;
        return number.Error is null ? number.Value : throw Error(number.Error);
    }

    private void NotAFunction(Node[] args, bool hasFinal)
    {
        if (args.Length > 1 || hasFinal)
        {
            throw Error($"can't give argument to non-function {args[0]}");
        }
    }

    private TemplateValue EvalChain(TemplateValue dot, ChainNode chain, Node[] args, TemplateValue final, bool hasFinal)
    {
        _node = chain;
        if (chain.Node is NilNode)
        {
            throw Error($"indirection through explicit nil in {chain}");
        }

        // A parenthesized pipeline's value is not turned into nil: a field of no value is no value.
        var receiver = chain.Node is PipeNode pipe ? EvalPipeline(dot, pipe) : EvalArg(dot, chain.Node);
        return EvalFieldChain(dot, receiver, chain, chain.Fields, 0, args, final, hasFinal);
    }

    private TemplateValue EvalVariable(TemplateValue dot, VariableNode variable, Node[] args, TemplateValue final, bool hasFinal)
    {
        _node = variable;
        var value = VarValue(variable.Idents[0]);
        if (variable.Idents.Length == 1)
        {
            NotAFunction(args, hasFinal);
            return value;
        }

        return EvalFieldChain(dot, value, variable, variable.Idents, 1, args, final, hasFinal);
    }

    private TemplateValue EvalFieldChain(TemplateValue dot, TemplateValue receiver, Node node, string[] idents, int start, Node[] args, TemplateValue final, bool hasFinal)
    {
        for (var i = start; i < idents.Length - 1; i++)
        {
            receiver = EvalField(dot, idents[i], node, [], default, false, receiver);
        }

        return EvalField(dot, idents[^1], node, args, final, hasFinal, receiver);
    }

    private TemplateValue EvalField(TemplateValue dot, string name, Node node, Node[] args, TemplateValue final, bool hasFinal, TemplateValue receiver)
    {
        if (receiver.Kind == TemplateKind.Missing)
        {
            if (template.MissingKey == MissingKey.Error)
            {
                throw Error($"nil data; no entry for key {GoFormat.Quote(name)}");
            }

            return TemplateValue.Missing;
        }

        if (receiver.Kind == TemplateKind.Nil)
        {
            throw Error($"nil pointer evaluating interface {{}}.{name}");
        }

        var hasArgs = args.Length > 1 || hasFinal;
        TemplateMethod? method = receiver.Kind switch
        {
            TemplateKind.Map => receiver.AsMap.Method(name),
            TemplateKind.Object => receiver.AsObject.Method(name),
            _ => null,
        };
        if (method is not null)
        {
            return CallMethod(dot, method, receiver, node, args, final, hasFinal);
        }

        switch (receiver.Kind)
        {
            case TemplateKind.Object:
                if (receiver.AsObject.TryGetField(name, out var field))
                {
                    return hasArgs ? throw Error($"{name} has arguments but cannot be invoked as function") : field;
                }

                break;
            case TemplateKind.Map:
            {
                if (hasArgs)
                {
                    throw Error($"{name} is not a method but has arguments");
                }

                var map = receiver.AsMap;
                if (map.TryGet(name, out var value))
                {
                    return value;
                }

                return template.MissingKey switch
                {
                    MissingKey.Zero => map.ZeroValue,
                    MissingKey.Error => throw Error($"map has no entry for key {GoFormat.Quote(name)}"),
                    _ => TemplateValue.Missing,
                };
            }
        }

        throw Error($"can't evaluate field {name} in type {receiver.TypeName}");
    }

    private TemplateValue CallMethod(TemplateValue dot, TemplateMethod method, TemplateValue receiver, Node node, Node[] args, TemplateValue final, bool hasFinal)
    {
        var count = Math.Max(args.Length - 1, 0) + (hasFinal ? 1 : 0);
        if (count != method.Parameters)
        {
            throw Error($"wrong number of args for {method.Name}: want {method.Parameters} got {count}");
        }

        var argv = EvalArgs(dot, args, final, hasFinal, count);
        _node = node;
        try
        {
            return method.Body(receiver, argv);
        }
        catch (TemplateFunctionException e)
        {
            _node = node;
            throw CallError(method.Name, args, e);
        }
    }

    private TemplateValue EvalFunction(TemplateValue dot, IdentifierNode identifier, Node command, Node[] args, TemplateValue final, bool hasFinal)
    {
        _node = identifier;
        var function = template.Functions.Find(identifier.Name) ?? throw Error($"{GoFormat.Quote(identifier.Name)} is not a defined function");
        var count = args.Length - 1 + (hasFinal ? 1 : 0);
        if (function.Variadic ? count < function.Parameters : count != function.Parameters)
        {
            throw Error(function.Variadic
                ? $"wrong number of args for {function.Name}: want at least {function.Parameters} got {count}"
                : $"wrong number of args for {function.Name}: want {function.Parameters} got {count}");
        }

        if (function.ShortCircuit)
        {
            var isOr = function.Name == "or";
            var v = TemplateValue.Missing;
            for (var i = 1; i < args.Length; i++)
            {
                v = EvalArg(dot, args[i]);
                if (v.IsTrue == isOr)
                {
                    return v;
                }
            }

            if (hasFinal)
            {
                v = final;
            }

            return v;
        }

        var argv = EvalArgs(dot, args, final, hasFinal, count);
        _node = command;
        try
        {
            return function.Body(argv);
        }
        catch (TemplateFunctionException e)
        {
            _node = command;
            throw CallError(function.Name, args, e);
        }
    }

    /// <summary>
    /// A failed call. A wrong-type argument written in the command is named as Go's argument checks name it: a
    /// constant as "expected string; found 3", any other value as "wrong type for value" at that argument.
    /// </summary>
    private TemplateExecutionException CallError(string name, Node[] args, TemplateFunctionException e)
    {
        if (!e.IsArgumentError)
        {
            return Error($"error calling {name}: {e.Message}");
        }

        if (e.ArgumentIndex >= 0 && e.ArgumentIndex + 1 < args.Length)
        {
            var arg = args[e.ArgumentIndex + 1];
            _node = arg;
            if (arg is BoolNode or NumberNode or StringNode && e.ExpectedLiteral is not null)
            {
                return Error($"expected {e.ExpectedLiteral}; found {arg}");
            }
        }

        return Error(e.Message);
    }

    private TemplateValue[] EvalArgs(TemplateValue dot, Node[] args, TemplateValue final, bool hasFinal, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var argv = new TemplateValue[count];
        for (var i = 1; i < args.Length && i <= count; i++)
        {
            argv[i - 1] = EvalArg(dot, args[i]);
        }

        if (hasFinal)
        {
            argv[^1] = final.OrNil;
        }

        return argv;
    }

    private TemplateValue EvalArg(TemplateValue dot, Node node)
    {
        _node = node;
        return node switch
        {
            DotNode => dot,
            NilNode => TemplateValue.Nil,
            FieldNode field => EvalFieldChain(dot, dot, field, field.Idents, 0, [field], default, false).OrNil,
            VariableNode variable => EvalVariable(dot, variable, [variable], default, false).OrNil,
            PipeNode pipe => EvalPipeline(dot, pipe).OrNil,
            IdentifierNode identifier => EvalFunction(dot, identifier, identifier, [identifier], default, false),
            ChainNode chain => EvalChain(dot, chain, [chain], default, false).OrNil,
            BoolNode b => b.Value,
            NumberNode n => Constant(n),
            StringNode s => s.Value,
            _ => throw Error($"can't handle {node} for arg"),
        };
    }

    private TemplateValue VarValue(string name)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                return _vars[i].Value;
            }
        }

        throw Error($"undefined variable: {name}");
    }

    private void SetVar(string name, TemplateValue value)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                _vars[i] = (name, value);
                return;
            }
        }

        throw Error($"undefined variable: {name}");
    }

    private void Pop(int mark)
    {
        if (_vars.Count > mark)
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    private TemplateExecutionException Error(string message)
    {
        var name = _templateName;
        if (_node is null)
        {
            return new TemplateExecutionException($"template: {name}: {message}");
        }

        var text = template.Text;
        var position = Math.Min(_node.Position, text.Length);
        var newline = position == 0 ? -1 : text.LastIndexOf('\n', position - 1);
        var line = 1;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        var column = newline < 0 ? position : position - newline - 1;
        return new TemplateExecutionException($"template: {template.Name}:{line}:{column}: executing {GoFormat.Quote(name)} at <{_node}>: {message}");
    }
}
