using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Crowdsourcing.Decision.Pomdp;

/// <summary>
/// Reads and writes Cassandra's <c>.pomdp</c> file format, the input of pomdp-solve, SARSOP (APPL) and most POMDP
/// tools: a preamble (<c>discount:</c>, <c>values: reward|cost</c>, <c>states:</c>, <c>actions:</c>,
/// <c>observations:</c> as a count or a list of names, and optionally <c>start:</c> as a vector, <c>uniform</c>, a
/// state, or <c>start include:</c>/<c>start exclude:</c> lists), then <c>T:</c>, <c>O:</c> and <c>R:</c> entries as
/// single numbers, rows or matrices (<c>uniform</c> and <c>identity</c> included), with <c>*</c> wildcards, names or
/// 0-based indices, later entries overriding earlier ones, and <c>#</c> comments.
/// </summary>
/// <remarks>
/// <para>Rewards R(a, s, s', o) are reduced to the expected immediate reward R(a, s) = Σ_{s'} T(s, a, s')·Σ_o O(a, s', o)·R(a, s, s', o),
/// which is all a solver needs; a <c>values: cost</c> file is read as rewards = −costs (so every reported value of
/// such a model is a negated expected cost). Rows of T and O must sum to 1 within <see cref="PomdpModel.RowSumTolerance"/>.</para>
/// <para>Limits: at most <see cref="MaxCharacters"/> characters, and the model limits of <see cref="PomdpModel"/>
/// (<see cref="PomdpModel.MaxStates"/> states, <see cref="PomdpModel.MaxActions"/> actions,
/// <see cref="PomdpModel.MaxObservations"/> observations, <see cref="PomdpModel.MaxEntries"/> numbers per table).
/// A bad file fails with a <see cref="ValidationFailedException"/> whose path and message name the file, the line and
/// the field (for example <c>tiger.pomdp line 14, T: expected 2 probabilities for T(listen, tiger-left, ·), found 'x'</c>).</para>
/// </remarks>
public static partial class PomdpFile
{
    /// <summary>The largest file: 100,000,000 characters.</summary>
    public const int MaxCharacters = 100_000_000;

    private static readonly string[] Keywords = ["discount", "values", "states", "actions", "observations", "start", "T", "O", "R"];

    /// <summary>Parses a model.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="source">The file's name, for messages; default <c>pomdp</c>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ValidationFailedException">The file is malformed, too large, or describes an invalid model; the message names the line and the field.</exception>
    public static PomdpModel Parse(string text, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        source = string.IsNullOrWhiteSpace(source) ? "pomdp" : source;
        if (text.Length > MaxCharacters)
        {
            throw new ValidationFailedException(source, string.Create(CultureInfo.InvariantCulture, $"{source}: the file has {text.Length:N0} characters; at most {MaxCharacters:N0} are allowed."));
        }

        return new Parser(source, Tokenize(text)).Run();
    }

    /// <summary>
    /// Writes a model in Cassandra's format: the preamble with names (or counts, with the names in a comment, when a
    /// name is not an identifier of the format: a letter followed by letters, digits, '_' or '-'), the start belief, T and O per
    /// action as matrices, and R(a, s) as <c>R: a : s : * : *</c> entries (zeros omitted). Numbers are written so
    /// that they read back exactly.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ValidationFailedException">The model has terminal values, which the format cannot carry (path <c>terminalValues</c>).</exception>
    public static string Write(PomdpModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.TerminalValues.Count > 0)
        {
            throw new ValidationFailedException("terminalValues", "Cassandra's .pomdp format has no terminal values; this model has some (pomdp-solve takes them from a separate file with -terminal_values).");
        }

        var sb = new StringBuilder();
        var states = Names(model.States);
        var actions = Names(model.Actions);
        var observations = Names(model.Observations);
        sb.Append("# Written by Crowdsourcing for .NET (Cassandra's POMDP file format).\n");
        sb.Append(CultureInfo.InvariantCulture, $"discount: {Number(model.Discount)}\n");
        sb.Append("values: reward\n");
        Preamble(sb, "states", model.States, states);
        Preamble(sb, "actions", model.Actions, actions);
        Preamble(sb, "observations", model.Observations, observations);
        sb.Append("start:");
        foreach (var p in model.InitialBelief)
        {
            sb.Append(' ').Append(Number(p));
        }

        sb.Append("\n\n");
        for (var a = 0; a < model.ActionCount; a++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"T: {actions[a]}\n");
            for (var x = 0; x < model.StateCount; x++)
            {
                sb.AppendJoin(' ', Enumerable.Range(0, model.StateCount).Select(y => Number(model.Transition(a, x, y)))).Append('\n');
            }

            sb.Append('\n');
        }

        for (var a = 0; a < model.ActionCount; a++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"O: {actions[a]}\n");
            for (var y = 0; y < model.StateCount; y++)
            {
                sb.AppendJoin(' ', Enumerable.Range(0, model.ObservationCount).Select(z => Number(model.Observation(a, y, z)))).Append('\n');
            }

            sb.Append('\n');
        }

        for (var a = 0; a < model.ActionCount; a++)
        {
            for (var x = 0; x < model.StateCount; x++)
            {
                var r = model.Reward(a, x);
                if (r != 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"R: {actions[a]} : {states[x]} : * : * {Number(r)}\n");
                }
            }
        }

        return sb.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The names as written: the names themselves when all are identifiers, else 0-based indices.</summary>
    private static string[] Names(IReadOnlyList<string> names) =>
        names.All(n => Identifier().IsMatch(n) && !Keywords.Contains(n) && n is not ("uniform" or "identity" or "reward" or "cost" or "include" or "exclude"))
            ? [.. names]
            : [.. Enumerable.Range(0, names.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private static void Preamble(StringBuilder sb, string keyword, IReadOnlyList<string> names, string[] written)
    {
        if (written.Length > 0 && written[0] == names[0])
        {
            sb.Append(keyword).Append(':').AppendJoin("", written.Select(n => " " + n)).Append('\n');
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"# {keyword}: ");
        sb.AppendJoin(", ", names.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{i} = {n.ReplaceLineEndings(" ")}"))).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"{keyword}: {names.Count}\n");
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_\-]*$")]
    private static partial Regex Identifier();

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == ':')
            {
                tokens.Add(new Token(":", line));
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ':' && text[i] != '#')
                {
                    i++;
                }

                tokens.Add(new Token(text[start..i], line));
            }
        }

        return tokens;
    }

    private sealed record Token(string Text, int Line);

    /// <summary>A recursive-descent reader over the tokens.</summary>
    private sealed class Parser(string source, List<Token> tokens)
    {
        private int _position;
        private double? _discount;
        private bool _cost;
        private List<string>? _states;
        private List<string>? _actions;
        private List<string>? _observations;
        private double[]? _start;
        private double[] _t = [];
        private double[] _o = [];
        private int[] _tLine = [];
        private int[] _oLine = [];
        private double[] _r = [];
        private readonly Dictionary<(int A, int S), double[]> _rDetail = [];
        private bool _tables;

        private int S => _states!.Count;

        private int A => _actions!.Count;

        private int Z => _observations!.Count;

        public PomdpModel Run()
        {
            if (tokens.Count == 0)
            {
                throw Fail(1, "file", "the file is empty; it needs at least discount:, states:, actions: and observations:");
            }

            while (_position < tokens.Count)
            {
                var token = Next("a keyword");
                switch (token.Text)
                {
                    case "discount":
                        Colon(token, "discount");
                        _discount = NumberToken("discount", "the discount");
                        if (!(_discount > 0 && _discount <= 1))
                        {
                            throw Fail(token.Line, "discount", string.Create(CultureInfo.InvariantCulture, $"the discount must be in (0, 1], found {_discount}"));
                        }

                        break;
                    case "values":
                        Colon(token, "values");
                        var kind = Next("reward or cost");
                        _cost = kind.Text switch
                        {
                            "reward" => false,
                            "cost" => true,
                            _ => throw Fail(kind.Line, "values", $"expected reward or cost, found '{kind.Text}'"),
                        };
                        break;
                    case "states":
                        _states = NameList(token, "states", PomdpModel.MaxStates);
                        break;
                    case "actions":
                        _actions = NameList(token, "actions", PomdpModel.MaxActions);
                        break;
                    case "observations":
                        _observations = NameList(token, "observations", PomdpModel.MaxObservations);
                        break;
                    case "start":
                        Start(token);
                        break;
                    case "T":
                        Transition(token);
                        break;
                    case "O":
                        ObservationEntry(token);
                        break;
                    case "R":
                        RewardEntry(token);
                        break;
                    default:
                        throw Fail(token.Line, "file", $"expected discount:, values:, states:, actions:, observations:, start:, T:, O: or R:, found '{token.Text}'");
                }
            }

            return Build();
        }

        private PomdpModel Build()
        {
            var end = tokens[^1].Line;
            if (_discount is null)
            {
                throw Fail(end, "discount", "the file has no discount: line");
            }

            if (!_tables)
            {
                throw Fail(end, _states is null ? "states" : _actions is null ? "actions" : "observations", "the file needs states:, actions: and observations: before its T:, O: and R: entries");
            }

            var transitions = new IReadOnlyList<IReadOnlyList<double>>[A];
            var observations = new IReadOnlyList<IReadOnlyList<double>>[A];
            var rewards = new IReadOnlyList<double>[A];
            for (var a = 0; a < A; a++)
            {
                var tm = new IReadOnlyList<double>[S];
                var om = new IReadOnlyList<double>[S];
                for (var x = 0; x < S; x++)
                {
                    tm[x] = CheckRow(_t, _tLine, (a * S) + x, S, "T", $"T({_actions![a]}, {_states![x]}, ·)");
                    om[x] = CheckRow(_o, _oLine, (a * S) + x, Z, "O", $"O({_actions![a]}, {_states![x]}, ·)");
                }

                transitions[a] = tm;
                observations[a] = om;
            }

            for (var a = 0; a < A; a++)
            {
                var row = new double[S];
                for (var x = 0; x < S; x++)
                {
                    if (_rDetail.TryGetValue((a, x), out var detail))
                    {
                        var sum = 0.0;
                        for (var y = 0; y < S; y++)
                        {
                            var t = _t[(((a * S) + x) * S) + y];
                            if (t == 0)
                            {
                                continue;
                            }

                            for (var z = 0; z < Z; z++)
                            {
                                sum += t * _o[(((a * S) + y) * Z) + z] * detail[(y * Z) + z];
                            }
                        }

                        row[x] = sum;
                    }
                    else
                    {
                        row[x] = _r[(a * S) + x];
                    }

                    if (_cost)
                    {
                        row[x] = -row[x];
                    }
                }

                rewards[a] = row;
            }

            try
            {
                return new PomdpModel(_states!, _actions!, _observations!, transitions, observations, rewards, _discount.Value, _start);
            }
            catch (ValidationFailedException ex)
            {
                throw new ValidationFailedException(source, $"{source}: {ex.Message}", ex);
            }
        }

        private double[] CheckRow(double[] table, int[] lines, int row, int width, string field, string what)
        {
            var values = table.AsSpan(row * width, width).ToArray();
            var sum = 0.0;
            foreach (var v in values)
            {
                sum += v;
            }

            if (Math.Abs(sum - 1) > PomdpModel.RowSumTolerance)
            {
                var detail = lines[row] == 0
                    ? $"no {field}: entry gives {what}; its probabilities sum to 0, not 1"
                    : string.Create(CultureInfo.InvariantCulture, $"the probabilities of {what} sum to {sum:R}, not 1 (last set on line {lines[row]})");
                throw Fail(lines[row] == 0 ? tokens[^1].Line : lines[row], field, detail);
            }

            return values;
        }

        private void Tables()
        {
            if (_tables)
            {
                return;
            }

            if (_states is null || _actions is null || _observations is null)
            {
                var missing = _states is null ? "states" : _actions is null ? "actions" : "observations";
                throw Fail(tokens[Math.Min(_position, tokens.Count) - 1].Line, missing, $"{missing}: must come before the first T:, O: or R: entry");
            }

            if ((long)A * S * S > PomdpModel.MaxEntries || (long)A * S * Z > PomdpModel.MaxEntries)
            {
                throw Fail(tokens[_position - 1].Line, "states", string.Create(CultureInfo.InvariantCulture, $"the model is too large: {A} actions × {S} states × {Math.Max(S, Z)} exceeds {PomdpModel.MaxEntries:N0} numbers per table"));
            }

            _t = new double[A * S * S];
            _o = new double[A * S * Z];
            _tLine = new int[A * S];
            _oLine = new int[A * S];
            _r = new double[A * S];
            _tables = true;
        }

        private void Start(Token keyword)
        {
            if (_states is null)
            {
                throw Fail(keyword.Line, "start", "states: must come before start:");
            }

            if (Peek()?.Text is "include" or "exclude")
            {
                var mode = Next("include or exclude");
                Colon(mode, "start");
                var listed = new HashSet<int>();
                while (Peek() is { } t && !IsKeywordStart())
                {
                    _position++;
                    listed.Add(Index(t, _states, "start", "a state"));
                }

                if (listed.Count == 0)
                {
                    throw Fail(mode.Line, "start", $"start {mode.Text}: needs at least one state");
                }

                var chosen = Enumerable.Range(0, S).Where(x => listed.Contains(x) == (mode.Text == "include")).ToList();
                if (chosen.Count == 0)
                {
                    throw Fail(mode.Line, "start", "start exclude: leaves no state");
                }

                _start = new double[S];
                foreach (var x in chosen)
                {
                    _start[x] = 1.0 / chosen.Count;
                }

                return;
            }

            Colon(keyword, "start");
            var first = Next("the start belief");
            if (first.Text == "uniform")
            {
                _start = null;
                return;
            }

            if (!LooksLikeVector())
            {
                var x = Index(first, _states, "start", "a state");
                _start = new double[S];
                _start[x] = 1;
                return;
            }

            _start = new double[S];
            _start[0] = double.Parse(first.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            for (var x = 1; x < S; x++)
            {
                _start[x] = NumberToken("start", $"{S} probabilities for the start belief");
            }

            var sum = _start.Sum();
            if (_start.Any(p => p < 0 || !double.IsFinite(p)) || Math.Abs(sum - 1) > PomdpModel.RowSumTolerance)
            {
                throw Fail(first.Line, "start", string.Create(CultureInfo.InvariantCulture, $"the start belief must be {S} non-negative probabilities summing to 1; they sum to {sum:R}"));
            }
        }

        /// <summary>Whether the tokens from the current one are S numbers (a start vector) rather than one state index.</summary>
        private bool LooksLikeVector()
        {
            var begin = _position - 1;
            for (var i = 0; i < S; i++)
            {
                if (begin + i >= tokens.Count || !double.TryParse(tokens[begin + i].Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    return false;
                }
            }

            return true;
        }

        private void Transition(Token keyword)
        {
            Tables();
            Colon(keyword, "T");
            var actions = Indices(Next("an action"), _actions!, "T", "an action");
            if (!TryColon())
            {
                // T: a  followed by a matrix, identity or uniform.
                var m = Matrix("T", S, S, $"the {S}×{S} transition matrix", allowIdentity: true);
                foreach (var a in actions)
                {
                    for (var x = 0; x < S; x++)
                    {
                        m.AsSpan(x * S, S).CopyTo(_t.AsSpan(((a * S) + x) * S, S));
                        _tLine[(a * S) + x] = keyword.Line;
                    }
                }

                return;
            }

            var from = Indices(Next("a start state"), _states!, "T", "a start state");
            if (!TryColon())
            {
                var row = Row("T", S, $"{S} probabilities for T({Name(actions, _actions!)}, {Name(from, _states!)}, ·)");
                foreach (var a in actions)
                {
                    foreach (var x in from)
                    {
                        row.CopyTo(_t.AsSpan(((a * S) + x) * S, S));
                        _tLine[(a * S) + x] = keyword.Line;
                    }
                }

                return;
            }

            var to = Indices(Next("an end state"), _states!, "T", "an end state");
            var p = NumberToken("T", "a probability");
            foreach (var a in actions)
            {
                foreach (var x in from)
                {
                    foreach (var y in to)
                    {
                        _t[(((a * S) + x) * S) + y] = p;
                    }

                    _tLine[(a * S) + x] = keyword.Line;
                }
            }
        }

        private void ObservationEntry(Token keyword)
        {
            Tables();
            Colon(keyword, "O");
            var actions = Indices(Next("an action"), _actions!, "O", "an action");
            if (!TryColon())
            {
                var m = Matrix("O", S, Z, $"the {S}×{Z} observation matrix", allowIdentity: S == Z);
                foreach (var a in actions)
                {
                    for (var y = 0; y < S; y++)
                    {
                        m.AsSpan(y * Z, Z).CopyTo(_o.AsSpan(((a * S) + y) * Z, Z));
                        _oLine[(a * S) + y] = keyword.Line;
                    }
                }

                return;
            }

            var to = Indices(Next("an end state"), _states!, "O", "an end state");
            if (!TryColon())
            {
                var row = Row("O", Z, $"{Z} probabilities for O({Name(actions, _actions!)}, {Name(to, _states!)}, ·)");
                foreach (var a in actions)
                {
                    foreach (var y in to)
                    {
                        row.CopyTo(_o.AsSpan(((a * S) + y) * Z, Z));
                        _oLine[(a * S) + y] = keyword.Line;
                    }
                }

                return;
            }

            var observations = Indices(Next("an observation"), _observations!, "O", "an observation");
            var p = NumberToken("O", "a probability");
            foreach (var a in actions)
            {
                foreach (var y in to)
                {
                    foreach (var z in observations)
                    {
                        _o[(((a * S) + y) * Z) + z] = p;
                    }

                    _oLine[(a * S) + y] = keyword.Line;
                }
            }
        }

        private void RewardEntry(Token keyword)
        {
            Tables();
            Colon(keyword, "R");
            var actions = Indices(Next("an action"), _actions!, "R", "an action");
            Expect(":", "R", "':' and a start state (R: action : start-state : ...)");
            var from = Indices(Next("a start state"), _states!, "R", "a start state");
            int[]? to = null;
            int[]? observations = null;
            double[] values;
            if (!TryColon())
            {
                // R: a : s  followed by an |S|×|Ω| matrix.
                values = Numbers("R", S * Z, $"the {S}×{Z} reward matrix for R({Name(actions, _actions!)}, {Name(from, _states!)}, ·, ·)");
            }
            else
            {
                to = Indices(Next("an end state"), _states!, "R", "an end state");
                if (!TryColon())
                {
                    values = Numbers("R", Z, $"{Z} rewards for R({Name(actions, _actions!)}, {Name(from, _states!)}, {Name(to, _states!)}, ·)");
                }
                else
                {
                    observations = Indices(Next("an observation"), _observations!, "R", "an observation");
                    values = [NumberToken("R", "a reward")];
                }
            }

            foreach (var a in actions)
            {
                foreach (var x in from)
                {
                    var wholeState = (to is null && values.Distinct().Count() == 1) || (to?.Length == S && (observations?.Length == Z || (observations is null && values.Distinct().Count() == 1)));
                    if (wholeState)
                    {
                        _r[(a * S) + x] = values[0];
                        _rDetail.Remove((a, x));
                        continue;
                    }

                    if (!_rDetail.TryGetValue((a, x), out var detail))
                    {
                        if ((_rDetail.Count + 1L) * S * Z > PomdpModel.MaxEntries)
                        {
                            throw Fail(keyword.Line, "R", string.Create(CultureInfo.InvariantCulture, $"the rewards by end state and observation exceed {PomdpModel.MaxEntries:N0} numbers"));
                        }

                        detail = new double[S * Z];
                        Array.Fill(detail, _r[(a * S) + x]);
                        _rDetail[(a, x)] = detail;
                    }

                    if (to is null)
                    {
                        values.CopyTo(detail, 0);
                    }
                    else
                    {
                        foreach (var y in to)
                        {
                            if (observations is null)
                            {
                                values.CopyTo(detail, y * Z);
                            }
                            else
                            {
                                foreach (var z in observations)
                                {
                                    detail[(y * Z) + z] = values[0];
                                }
                            }
                        }
                    }
                }
            }
        }

        private double[] Matrix(string field, int rows, int columns, string what, bool allowIdentity)
        {
            var first = Peek() ?? throw Fail(tokens[^1].Line, field, $"expected {what}, found the end of the file");
            if (first.Text == "uniform")
            {
                _position++;
                var m = new double[rows * columns];
                Array.Fill(m, 1.0 / columns);
                return m;
            }

            if (first.Text == "identity")
            {
                if (!allowIdentity)
                {
                    throw Fail(first.Line, field, $"identity needs as many observations as states ({rows} states, {columns} observations)");
                }

                _position++;
                var m = new double[rows * columns];
                for (var x = 0; x < rows; x++)
                {
                    m[(x * columns) + x] = 1;
                }

                return m;
            }

            return Numbers(field, rows * columns, what);
        }

        private double[] Row(string field, int columns, string what)
        {
            if (Peek()?.Text == "uniform")
            {
                _position++;
                var row = new double[columns];
                Array.Fill(row, 1.0 / columns);
                return row;
            }

            return Numbers(field, columns, what);
        }

        private double[] Numbers(string field, int count, string what)
        {
            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                var token = Peek();
                if (token is null || !double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                {
                    var line = token?.Line ?? tokens[^1].Line;
                    var found = token is null ? "the end of the file" : $"'{token.Text}'";
                    throw Fail(line, field, string.Create(CultureInfo.InvariantCulture, $"expected {what}: number {i + 1} of {count} is missing, found {found}"));
                }

                _position++;
                values[i] = v;
            }

            return values;
        }

        private double NumberToken(string field, string what)
        {
            var token = Next(what);
            if (!double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                throw Fail(token.Line, field, $"expected {what} (a number), found '{token.Text}'");
            }

            return v;
        }

        private List<string> NameList(Token keyword, string field, int max)
        {
            if (_tables)
            {
                throw Fail(keyword.Line, field, $"{field}: must come before the first T:, O: or R: entry");
            }

            Colon(keyword, field);
            var first = Next($"a count or a list of {field}");
            if (int.TryParse(first.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                if (count < 1 || count > max)
                {
                    throw Fail(first.Line, field, string.Create(CultureInfo.InvariantCulture, $"the number of {field} must be between 1 and {max:N0}, found {count}"));
                }

                return [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];
            }

            var names = new List<string> { Name(first, field) };
            while (Peek() is { } t && !IsKeywordStart())
            {
                _position++;
                names.Add(Name(t, field));
                if (names.Count > max)
                {
                    throw Fail(t.Line, field, string.Create(CultureInfo.InvariantCulture, $"at most {max:N0} {field} are allowed"));
                }
            }

            var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw Fail(first.Line, field, $"the name '{duplicate.Key}' appears twice");
            }

            return names;
        }

        private string Name(Token token, string field)
        {
            if (!Identifier().IsMatch(token.Text))
            {
                throw Fail(token.Line, field, $"'{token.Text}' is not a name (a letter followed by letters, digits, '_' or '-')");
            }

            return token.Text;
        }

        private bool IsKeywordStart()
        {
            var t = tokens[_position];
            if (!Keywords.Contains(t.Text))
            {
                return false;
            }

            var after = _position + 1 < tokens.Count ? tokens[_position + 1].Text : null;
            return after == ":" || (t.Text == "start" && after is "include" or "exclude");
        }

        private int[] Indices(Token token, List<string> names, string field, string what)
        {
            if (token.Text == "*")
            {
                return [.. Enumerable.Range(0, names.Count)];
            }

            return [Index(token, names, field, what)];
        }

        private int Index(Token token, List<string> names, string field, string what)
        {
            var byName = names.IndexOf(token.Text);
            if (byName >= 0)
            {
                return byName;
            }

            if (int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            {
                if (i < names.Count)
                {
                    return i;
                }

                throw Fail(token.Line, field, string.Create(CultureInfo.InvariantCulture, $"{what} index {i} is out of range (0 to {names.Count - 1})"));
            }

            throw Fail(token.Line, field, $"expected {what}, found '{token.Text}' (known: {string.Join(", ", names.Take(10))}{(names.Count > 10 ? ", …" : string.Empty)})");
        }

        private static string Name(int[] indices, List<string> names) => indices.Length == 1 ? names[indices[0]] : "*";

        private Token? Peek() => _position < tokens.Count ? tokens[_position] : null;

        private Token Next(string what)
        {
            if (_position >= tokens.Count)
            {
                throw Fail(tokens[^1].Line, "file", $"expected {what}, found the end of the file");
            }

            return tokens[_position++];
        }

        private void Colon(Token keyword, string field)
        {
            var t = Peek();
            if (t?.Text != ":")
            {
                throw Fail(t?.Line ?? keyword.Line, field, $"expected ':' after {keyword.Text}, found {(t is null ? "the end of the file" : $"'{t.Text}'")}");
            }

            _position++;
        }

        private void Expect(string text, string field, string what)
        {
            var t = Peek();
            if (t?.Text != text)
            {
                throw Fail(t?.Line ?? tokens[^1].Line, field, $"expected {what}, found {(t is null ? "the end of the file" : $"'{t.Text}'")}");
            }

            _position++;
        }

        private bool TryColon()
        {
            if (Peek()?.Text == ":")
            {
                _position++;
                return true;
            }

            return false;
        }

        private ValidationFailedException Fail(int line, string field, string message)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{source} line {line}, {field}");
            return new ValidationFailedException(path, $"{path}: {message}.");
        }
    }
}
