namespace Tessera.Proxy.Rules;

/// <summary>
/// Finds the rules a request can match without testing every rule: per method, a radix tree of the
/// rules' literal prefixes (the text before the first <c>&lt;</c>, scheme, host and path included).
/// Walking the request URL down the tree yields exactly the rules whose prefix the URL starts with;
/// only those are tested. A rule whose URL has no <c>&lt;</c> is all prefix, so it is tested only
/// when the URL starts with all of it. Rules whose prefix holds the whole origin (<c>scheme://host/</c>)
/// are kept in one tree per origin, found by the URL's origin; the rest share one tree walked for every
/// URL. Each tree is built from nodes, then laid out flat
/// (<see cref="FlatTree"/>) so that a walk through ten thousand rules touches a few adjacent cache
/// lines per level rather than a dictionary's buckets, entries and nodes scattered over the heap.
/// </summary>
internal sealed class RuleIndex
{
    private readonly Dictionary<string, MethodIndex> byMethod = new(StringComparer.Ordinal);

    public RuleIndex(IReadOnlyList<CompiledRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var roots = new Dictionary<string, (Node General, Dictionary<string, Node> ByOrigin)>(StringComparer.Ordinal);
        for (var ordinal = 0; ordinal < rules.Count; ordinal++)
        {
            var rule = rules[ordinal];
            if (!rule.IsHttp)
            {
                continue;
            }

            var origin = Origin(rule.LiteralPrefix) is { Length: > 0 } span ? span.ToString() : null;
            foreach (var method in rule.Methods)
            {
                if (!roots.TryGetValue(method, out var trees))
                {
                    roots[method] = trees = (new Node(""), new Dictionary<string, Node>(StringComparer.Ordinal));
                }

                var root = trees.General;
                if (origin is not null && !trees.ByOrigin.TryGetValue(origin, out root))
                {
                    trees.ByOrigin[origin] = root = new Node("");
                }

                root.Insert(rule.LiteralPrefix, 0, ordinal);
            }
        }

        foreach (var (method, trees) in roots)
        {
            byMethod[method] = new MethodIndex(new FlatTree(trees.General), trees.ByOrigin.ToDictionary(t => t.Key, t => new FlatTree(t.Value), StringComparer.Ordinal));
        }
    }

    /// <summary>The ordinals of the rules whose literal prefix <paramref name="url"/> starts with, for an upper-cased method, unordered.</summary>
    public void Candidates(string method, string url, List<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (!byMethod.TryGetValue(method, out var index))
        {
            return;
        }

        index.General.Candidates(url, into);
        var origin = Origin(url);
        if (origin.Length > 0 && index.ByOrigin.TryGetValue(origin, out var tree))
        {
            tree.Candidates(url, into);
        }
    }

    /// <summary>
    /// <c>scheme://host</c> of a text that goes on past the host (up to the first <c>/</c> after <c>://</c>); empty
    /// when it does not. A URL that starts with a prefix holding its whole origin has that same origin, so the
    /// rules under one origin need be walked only for URLs of that origin.
    /// </summary>
    private static ReadOnlySpan<char> Origin(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return default;
        }

        var slash = text.IndexOf('/', scheme + 3);
        return slash < 0 ? default : text.AsSpan(0, slash);
    }

    /// <summary>
    /// One method's rules: those whose literal prefix holds a whole origin, in a tree per origin (found by a hash
    /// of the URL's origin, which spares the walk through scheme and host), and the others in one tree walked for
    /// every URL.
    /// </summary>
    private sealed class MethodIndex(FlatTree general, Dictionary<string, FlatTree> byOrigin)
    {
        public FlatTree General { get; } = general;

        public Dictionary<string, FlatTree>.AlternateLookup<ReadOnlySpan<char>> ByOrigin { get; } = byOrigin.GetAlternateLookup<ReadOnlySpan<char>>();
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

    /// <summary>
    /// A radix tree in four arrays: each node's label span, children and rules as ranges; a node's children
    /// are adjacent, their labels' first characters side by side in <see cref="firstChars"/> (scanned for the
    /// next URL character), and nodes are numbered depth first, so one path lies close together.
    /// </summary>
    private sealed class FlatTree
    {
        private readonly Entry[] nodes;
        private readonly char[] labelText;
        private readonly char[] firstChars;
        private readonly int[] ruleOrdinals;

        public FlatTree(Node root)
        {
            var entries = new List<Entry> { default };
            var labels = new List<char>();
            var rules = new List<int>();
            Place(root, 0, entries, labels, rules);
            nodes = [.. entries];
            labelText = [.. labels];
            ruleOrdinals = [.. rules];
            firstChars = new char[nodes.Length];
            for (var i = 1; i < nodes.Length; i++)
            {
                firstChars[i] = labelText[nodes[i].LabelStart];
            }
        }

        public void Candidates(string url, List<int> into)
        {
            var node = 0;
            var position = 0;
            while (true)
            {
                var entry = nodes[node];
                if (entry.RulesCount > 0)
                {
                    into.AddRange(ruleOrdinals.AsSpan(entry.RulesStart, entry.RulesCount));
                }

                if (position >= url.Length || entry.ChildCount == 0)
                {
                    return;
                }

                var at = firstChars.AsSpan(entry.FirstChild, entry.ChildCount).IndexOf(url[position]);
                if (at < 0)
                {
                    return;
                }

                node = entry.FirstChild + at;
                var child = nodes[node];
                if (url.Length - position < child.LabelLength
                    || !url.AsSpan(position, child.LabelLength).SequenceEqual(labelText.AsSpan(child.LabelStart, child.LabelLength)))
                {
                    return;
                }

                position += child.LabelLength;
            }
        }

        /// <summary>Fills the entry at <paramref name="index"/> for <paramref name="node"/>, reserving its children's entries together, then places each child's subtree.</summary>
        private static void Place(Node node, int index, List<Entry> entries, List<char> labels, List<int> rules)
        {
            var labelStart = labels.Count;
            labels.AddRange(node.Label);
            var rulesStart = rules.Count;
            rules.AddRange(node.Rules);
            var children = node.Children?.Values.ToList() ?? [];
            var firstChild = entries.Count;
            for (var i = 0; i < children.Count; i++)
            {
                entries.Add(default);
            }

            entries[index] = new Entry(labelStart, node.Label.Length, firstChild, children.Count, rulesStart, node.Rules.Count);
            for (var i = 0; i < children.Count; i++)
            {
                Place(children[i], firstChild + i, entries, labels, rules);
            }
        }

        private readonly record struct Entry(int LabelStart, int LabelLength, int FirstChild, int ChildCount, int RulesStart, int RulesCount);
    }
}
