using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>The parse tree of a template (Go's text/template/parse nodes). Every node knows its byte offset, for error positions.</summary>
internal abstract class Node(int position)
{
    public int Position { get; } = position;

    public abstract void Write(StringBuilder output);

    public override string ToString()
    {
        var builder = new StringBuilder();
        Write(builder);
        return builder.ToString();
    }
}

internal sealed class ListNode(int position) : Node(position)
{
    public List<Node> Nodes { get; } = [];

    public override void Write(StringBuilder output)
    {
        foreach (var node in Nodes)
        {
            node.Write(output);
        }
    }
}

internal sealed class TextNode(int position, string text) : Node(position)
{
    public string Text { get; } = text;

    public override void Write(StringBuilder output) => output.Append(GoFormat.Quote(Text));
}

internal sealed class CommentNode(int position) : Node(position)
{
    public override void Write(StringBuilder output) => output.Append("{{/* */}}");
}

internal sealed class PipeNode(int position, bool isAssign, VariableNode[] declarations, CommandNode[] commands) : Node(position)
{
    public bool IsAssign { get; } = isAssign;

    public VariableNode[] Declarations { get; } = declarations;

    public CommandNode[] Commands { get; } = commands;

    public override void Write(StringBuilder output)
    {
        if (Declarations.Length > 0)
        {
            for (var i = 0; i < Declarations.Length; i++)
            {
                if (i > 0)
                {
                    output.Append(", ");
                }

                Declarations[i].Write(output);
            }

            output.Append(IsAssign ? " = " : " := ");
        }

        for (var i = 0; i < Commands.Length; i++)
        {
            if (i > 0)
            {
                output.Append(" | ");
            }

            Commands[i].Write(output);
        }
    }
}

internal sealed class ActionNode(int position, PipeNode pipe) : Node(position)
{
    public PipeNode Pipe { get; } = pipe;

    public override void Write(StringBuilder output)
    {
        output.Append("{{");
        Pipe.Write(output);
        output.Append("}}");
    }
}

internal sealed class CommandNode(int position, Node[] args) : Node(position)
{
    public Node[] Args { get; } = args;

    public override void Write(StringBuilder output)
    {
        for (var i = 0; i < Args.Length; i++)
        {
            if (i > 0)
            {
                output.Append(' ');
            }

            if (Args[i] is PipeNode)
            {
                output.Append('(');
                Args[i].Write(output);
                output.Append(')');
            }
            else
            {
                Args[i].Write(output);
            }
        }
    }
}

/// <summary>A function name.</summary>
internal sealed class IdentifierNode(int position, string name) : Node(position)
{
    public string Name { get; } = name;

    public override void Write(StringBuilder output) => output.Append(Name);
}

/// <summary><c>$</c>, <c>$x</c> or <c>$x.Field.Chain</c>.</summary>
internal sealed class VariableNode(int position, string[] idents) : Node(position)
{
    public string[] Idents { get; } = idents;

    public override void Write(StringBuilder output) => output.AppendJoin('.', Idents);
}

internal sealed class DotNode(int position) : Node(position)
{
    public override void Write(StringBuilder output) => output.Append('.');
}

internal sealed class NilNode(int position) : Node(position)
{
    public override void Write(StringBuilder output) => output.Append("nil");
}

/// <summary><c>.A.B.C</c> on dot.</summary>
internal sealed class FieldNode(int position, string[] idents) : Node(position)
{
    public string[] Idents { get; } = idents;

    public override void Write(StringBuilder output)
    {
        foreach (var ident in Idents)
        {
            output.Append('.').Append(ident);
        }
    }
}

/// <summary>A term followed by fields: <c>(pipeline).A.B</c>.</summary>
internal sealed class ChainNode(int position, Node node, string[] fields) : Node(position)
{
    public Node Node { get; } = node;

    public string[] Fields { get; } = fields;

    public override void Write(StringBuilder output)
    {
        if (Node is PipeNode)
        {
            output.Append('(');
            Node.Write(output);
            output.Append(')');
        }
        else
        {
            Node.Write(output);
        }

        foreach (var field in Fields)
        {
            output.Append('.').Append(field);
        }
    }
}

internal sealed class BoolNode(int position, bool value) : Node(position)
{
    public TemplateValue Value { get; } = TemplateValue.Bool(value);

    public override void Write(StringBuilder output) => output.Append(Value.AsBool ? "true" : "false");
}

/// <summary>A number constant: its Go ideal-constant value (int unless written as a float), or an overflow error for later.</summary>
internal sealed class NumberNode(int position, string text, TemplateValue value, string? error) : Node(position)
{
    public string Text { get; } = text;

    public TemplateValue Value { get; } = value;

    /// <summary>Go reports an integer that overflows int only when the constant is used.</summary>
    public string? Error { get; } = error;

    public override void Write(StringBuilder output) => output.Append(Text);
}

internal sealed class StringNode(int position, string quoted, string text) : Node(position)
{
    public string Quoted { get; } = quoted;

    public TemplateValue Value { get; } = TemplateValue.String(text);

    public override void Write(StringBuilder output) => output.Append(Quoted);
}

internal enum BranchKind
{
    If,
    Range,
    With,
}

/// <summary>if, range and with: a pipeline, a body and an optional else body.</summary>
internal sealed class BranchNode(int position, BranchKind kind, PipeNode pipe, ListNode list, ListNode? elseList) : Node(position)
{
    public BranchKind Kind { get; } = kind;

    public PipeNode Pipe { get; } = pipe;

    public ListNode List { get; } = list;

    public ListNode? ElseList { get; } = elseList;

    public override void Write(StringBuilder output)
    {
        output.Append("{{").Append(Kind switch { BranchKind.If => "if", BranchKind.Range => "range", _ => "with" }).Append(' ');
        Pipe.Write(output);
        output.Append("}}");
        List.Write(output);
        if (ElseList is not null)
        {
            output.Append("{{else}}");
            ElseList.Write(output);
        }

        output.Append("{{end}}");
    }
}

internal sealed class BreakNode(int position) : Node(position)
{
    public override void Write(StringBuilder output) => output.Append("{{break}}");
}

internal sealed class ContinueNode(int position) : Node(position)
{
    public override void Write(StringBuilder output) => output.Append("{{continue}}");
}

/// <summary><c>{{template "name" pipeline}}</c>.</summary>
internal sealed class TemplateCallNode(int position, string name, PipeNode? pipe) : Node(position)
{
    public string Name { get; } = name;

    public PipeNode? Pipe { get; } = pipe;

    public override void Write(StringBuilder output)
    {
        output.Append("{{template ").Append(GoFormat.Quote(Name));
        if (Pipe is not null)
        {
            output.Append(' ');
            Pipe.Write(output);
        }

        output.Append("}}");
    }
}
