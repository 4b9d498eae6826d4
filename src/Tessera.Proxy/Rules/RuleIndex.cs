namespace Tessera.Proxy.Rules;

/// <summary>
/// Finds the rules a request can match without testing every rule: per method, a radix tree of the
/// rules' literal prefixes (the text before the first <c>&lt;</c>, scheme, host and path included).
/// Walking the request URL down the tree yields exactly the rules whose prefix the URL starts with;
/// only those are tested. A rule whose URL has no <c>&lt;</c> is all prefix, so it is tested only
/// when the URL starts with all of it.
/// </summary>
internal sealed class RuleIndex
{
    private readonly Dictionary<string, Node> byMethod = new(StringComparer.Ordinal);

    public RuleIndex(IReadOnlyList<CompiledRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        for (var ordinal = 0; ordinal < rules.Count; ordinal++)
        {
            var rule = rules[ordinal];
            if (!rule.IsHttp)
            {
                continue;
            }

            foreach (var method in rule.Methods)
            {
                if (!byMethod.TryGetValue(method, out var root))
                {
                    byMethod[method] = root = new Node("");
                }

                root.Insert(rule.LiteralPrefix, 0, ordinal);
            }
        }
    }

    /// <summary>The ordinals of the rules whose literal prefix <paramref name="url"/> starts with, for an upper-cased method, unordered.</summary>
    public void Candidates(string method, string url, List<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (!byMethod.TryGetValue(method, out var node))
        {
            return;
        }

        var position = 0;
        while (true)
        {
            into.AddRange(node.Rules);
            if (position >= url.Length || node.Children is null || !node.Children.TryGetValue(url[position], out var child))
            {
                return;
            }

            if (string.CompareOrdinal(url, position, child.Label, 0, child.Label.Length) != 0 || url.Length - position < child.Label.Length)
            {
                return;
            }

            position += child.Label.Length;
            node = child;
        }
    }

    /// <summary>A radix tree node: the edge label leading to it, the rules whose prefix ends here, and children by their label's first character.</summary>
    private sealed class Node(string label)
    {
        public string Label { get; private set; } = label;

        public List<int> Rules { get; private set; } = [];

        public Dictionary<char, Node>? Children { get; private set; }

        public void Insert(string prefix, int position, int ordinal)
        {
            if (position == prefix.Length)
            {
                Rules.Add(ordinal);
                return;
            }

            Children ??= [];
            if (!Children.TryGetValue(prefix[position], out var child))
            {
                var leaf = new Node(prefix[position..]);
                leaf.Rules.Add(ordinal);
                Children[prefix[position]] = leaf;
                return;
            }

            var common = 0;
            while (common < child.Label.Length && position + common < prefix.Length && child.Label[common] == prefix[position + common])
            {
                common++;
            }

            if (common < child.Label.Length)
            {
                child.Split(common);
            }

            child.Insert(prefix, position + common, ordinal);
        }

        /// <summary>Cuts the label at <paramref name="at"/>: this node keeps the head, a new child takes the tail with everything below.</summary>
        private void Split(int at)
        {
            var tail = new Node(Label[at..]) { Rules = Rules, Children = Children };
            Label = Label[..at];
            Rules = [];
            Children = new Dictionary<char, Node> { [tail.Label[0]] = tail };
        }
    }
}
