using System.Globalization;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>
/// The answers interned to integers once, in flat arrays: the classes, tasks and workers by index, each answer's
/// worker and label grouped by task (a task's answers are <c>TaskStart[j] .. TaskStart[j + 1]</c>), and each task's
/// gold label (−1 for none). Built in O(answers); the EM loops read it without allocating.
/// </summary>
internal sealed class AnswerData
{
    private AnswerData(string[] labels, List<string> tasks, Dictionary<string, int> taskIndex, List<string> workers, Dictionary<string, int> workerIndex)
    {
        Labels = labels;
        Tasks = tasks;
        TaskIndex = taskIndex;
        Workers = workers;
        WorkerIndex = workerIndex;
    }

    public string[] Labels { get; }

    public List<string> Tasks { get; }

    public Dictionary<string, int> TaskIndex { get; }

    public List<string> Workers { get; }

    public Dictionary<string, int> WorkerIndex { get; }

    public int K => Labels.Length;

    public int TaskCount => Tasks.Count;

    public int WorkerCount => Workers.Count;

    public int AnswerCount => AnswerWorker.Length;

    /// <summary>In insertion order: each answer's task, worker and label (kept for incremental updates).</summary>
    public int[] RawTask { get; private set; } = [];

    public int[] RawWorker { get; private set; } = [];

    public int[] RawLabel { get; private set; } = [];

    /// <summary>Grouped by task: where each task's answers start (length TaskCount + 1).</summary>
    public int[] TaskStart { get; private set; } = [];

    /// <summary>Grouped by task: each answer's worker.</summary>
    public int[] AnswerWorker { get; private set; } = [];

    /// <summary>Grouped by task: each answer's label.</summary>
    public int[] AnswerLabel { get; private set; } = [];

    /// <summary>Each task's gold label, −1 for none.</summary>
    public int[] Gold { get; private set; } = [];

    /// <summary>Each worker's number of answers.</summary>
    public int[] WorkerAnswers { get; private set; } = [];

    /// <summary>Interns answers and gold labels; with <paramref name="previous"/>, appends them to its data (the labels stay the previous ones).</summary>
    public static AnswerData Build(IEnumerable<CrowdAnswer> answers, IEnumerable<GoldLabel>? gold, IReadOnlyList<string>? declaredLabels, AnswerData? previous)
    {
        var ci = CultureInfo.InvariantCulture;
        var tasks = previous is null ? [] : new List<string>(previous.Tasks);
        var taskIndex = previous is null ? new Dictionary<string, int>(StringComparer.Ordinal) : new Dictionary<string, int>(previous.TaskIndex, StringComparer.Ordinal);
        var workers = previous is null ? [] : new List<string>(previous.Workers);
        var workerIndex = previous is null ? new Dictionary<string, int>(StringComparer.Ordinal) : new Dictionary<string, int>(previous.WorkerIndex, StringComparer.Ordinal);

        // Labels: fixed (declared or previous), or collected and sorted ordinally at the end.
        var fixedLabels = previous?.Labels ?? declaredLabels?.ToArray();
        var labelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenLabels = new List<string>();
        if (fixedLabels is not null)
        {
            for (var i = 0; i < fixedLabels.Length; i++)
            {
                labelIndex[fixedLabels[i]] = i;
                seenLabels.Add(fixedLabels[i]);
            }
        }

        int Intern(List<string> names, Dictionary<string, int> index, string name)
        {
            if (!index.TryGetValue(name, out var i))
            {
                i = names.Count;
                index[name] = i;
                names.Add(name);
            }

            return i;
        }

        var oldCount = previous?.RawTask.Length ?? 0;
        var expected = oldCount + (answers.TryGetNonEnumeratedCount(out var count) ? count : 1024);
        var rawTask = new List<int>(expected);
        var rawWorker = new List<int>(expected);
        var rawLabel = new List<int>(expected);
        var lines = new List<int>(expected - oldCount);
        if (previous is not null)
        {
            rawTask.AddRange(previous.RawTask);
            rawWorker.AddRange(previous.RawWorker);
            rawLabel.AddRange(previous.RawLabel);
        }

        // Answers usually come task by task: the previous answer's task is looked up without hashing.
        string? lastTask = null;
        var lastTaskIndex = -1;
        var row = 0;
        foreach (var answer in answers)
        {
            if (oldCount + row >= TruthInferenceEngine.MaxAnswers)
            {
                var where = Where("answers", row, answer.Line);
                throw new ValidationFailedException(where, string.Create(ci, $"{where}: too many answers; the limit is {TruthInferenceEngine.MaxAnswers:N0}."));
            }

            Check(answer.Task, row, answer.Line, "task");
            Check(answer.Worker, row, answer.Line, "worker");
            Check(answer.Label, row, answer.Line, "label");
            rawLabel.Add(LabelOf(answer.Label, "answers", row, answer.Line));
            if (!string.Equals(answer.Task, lastTask, StringComparison.Ordinal))
            {
                lastTask = answer.Task;
                lastTaskIndex = Intern(tasks, taskIndex, answer.Task);
            }

            rawTask.Add(lastTaskIndex);
            rawWorker.Add(Intern(workers, workerIndex, answer.Worker));
            lines.Add(answer.Line);
            row++;
        }

        var goldOf = new Dictionary<int, (int Label, int Row, int Line)>();
        if (previous is not null)
        {
            for (var t = 0; t < previous.Gold.Length; t++)
            {
                if (previous.Gold[t] >= 0)
                {
                    goldOf[t] = (previous.Gold[t], -1, 0);
                }
            }
        }

        row = 0;
        foreach (var g in gold ?? [])
        {
            var where = Where("gold", row, g.Line);
            if (row >= TruthInferenceEngine.MaxAnswers)
            {
                throw new ValidationFailedException(where, string.Create(ci, $"{where}: too many gold labels; the limit is {TruthInferenceEngine.MaxAnswers:N0}."));
            }

            Check(g.Task, row, g.Line, "task", "gold");
            Check(g.Label, row, g.Line, "label", "gold");
            var label = LabelOf(g.Label, "gold", row, g.Line);
            var t = Intern(tasks, taskIndex, g.Task);
            if (goldOf.TryGetValue(t, out var known))
            {
                if (known.Label != label || known.Row >= 0)
                {
                    var earlier = known.Row < 0 ? "in the earlier gold labels" : $"at {Where("gold", known.Row, known.Line)}";
                    throw new ValidationFailedException($"{where}.task", $"{where}: task '{g.Task}' already has a gold label ({earlier}); a task has at most one.");
                }
            }

            goldOf[t] = (label, row, g.Line);
            row++;
        }

        if (rawTask.Count == 0)
        {
            throw new ValidationFailedException("answers", "There are no answers to aggregate.");
        }

        // Without declared labels, the classes are the labels seen, in ordinal order.
        var labels = fixedLabels ?? [.. seenLabels.Order(StringComparer.Ordinal)];
        var remap = new int[seenLabels.Count];
        for (var i = 0; i < seenLabels.Count; i++)
        {
            remap[i] = Array.IndexOf(labels, seenLabels[i]);
        }

        var data = new AnswerData(labels, tasks, taskIndex, workers, workerIndex)
        {
            RawTask = [.. rawTask],
            RawWorker = [.. rawWorker],
            RawLabel = [.. rawLabel.Select(l => remap[l])],
        };
        var goldArray = new int[tasks.Count];
        Array.Fill(goldArray, -1);
        foreach (var (t, (label, _, _)) in goldOf)
        {
            goldArray[t] = remap[label];
        }

        data.Gold = goldArray;
        data.Layout(oldCount, lines);
        return data;

        int LabelOf(string name, string list, int at, int line)
        {
            const string field = "label";
            if (labelIndex.TryGetValue(name, out var i))
            {
                return i;
            }

            var where = Where(list, at, line);
            if (fixedLabels is not null)
            {
                var message = previous is not null
                    ? $"{where}: label '{name}' is not one of the first run's labels ({string.Join(", ", fixedLabels)}); an update keeps them (declare every class in Labels up front)."
                    : $"{where}: label '{name}' is not one of the declared labels ({string.Join(", ", fixedLabels)}).";
                throw new ValidationFailedException($"{where}.{field}", message);
            }

            i = seenLabels.Count;
            labelIndex[name] = i;
            seenLabels.Add(name);
            if (seenLabels.Count > TruthInferenceEngine.MaxLabels)
            {
                throw new ValidationFailedException($"{where}.{field}", string.Create(ci, $"{where}: label '{name}' is the {seenLabels.Count}th distinct label; the limit is {TruthInferenceEngine.MaxLabels}."));
            }

            return i;
        }
    }

    internal static string Where(string list, int row, int line) =>
        line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{list}[{row}] (line {line})") : string.Create(CultureInfo.InvariantCulture, $"{list}[{row}]");

    private static void Check(string? value, int row, int line, string field, string list = "answers")
    {
        var problem = TruthInferenceEngine.CheckName(value);
        if (problem is not null)
        {
            var where = Where(list, row, line);
            throw new ValidationFailedException($"{where}.{field}", $"{where}: the {field} {problem}");
        }
    }

    /// <summary>Groups the answers by task (a stable counting sort), counts each worker's answers, and refuses a worker
    /// answering a task twice (a stamp per worker: no hashing).</summary>
    private void Layout(int oldCount, List<int> lines)
    {
        var n = RawTask.Length;
        var start = new int[TaskCount + 1];
        foreach (var t in RawTask)
        {
            start[t + 1]++;
        }

        for (var t = 0; t < TaskCount; t++)
        {
            start[t + 1] += start[t];
        }

        var next = start[..^1].ToArray();
        var worker = new int[n];
        var label = new int[n];
        var rawIndex = new int[n];
        var counts = new int[WorkerCount];
        for (var a = 0; a < n; a++)
        {
            var at = next[RawTask[a]]++;
            worker[at] = RawWorker[a];
            label[at] = RawLabel[a];
            rawIndex[at] = a;
            counts[RawWorker[a]]++;
        }

        var stamp = new int[WorkerCount];
        var first = new int[WorkerCount];
        for (var j = 0; j < TaskCount; j++)
        {
            for (var at = start[j]; at < start[j + 1]; at++)
            {
                var w = worker[at];
                if (stamp[w] != j + 1)
                {
                    stamp[w] = j + 1;
                    first[w] = rawIndex[at];
                    continue;
                }

                var row = rawIndex[at] - oldCount;
                var where = Where("answers", row, lines[row]);
                var earlier = first[w] < oldCount ? "in the earlier answers" : $"at {Where("answers", first[w] - oldCount, lines[first[w] - oldCount])}";
                throw new ValidationFailedException($"{where}.worker", $"{where}: worker '{Workers[w]}' already answered task '{Tasks[j]}' ({earlier}); a worker answers a task at most once.");
            }
        }

        TaskStart = start;
        AnswerWorker = worker;
        AnswerLabel = label;
        WorkerAnswers = counts;
    }
}
