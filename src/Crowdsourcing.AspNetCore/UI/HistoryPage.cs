using System.Globalization;
using System.Text;
using Crowdsourcing.Assignments;
using Crowdsourcing.Delegations;
using Microsoft.AspNetCore.Http;
using static Crowdsourcing.AspNetCore.UI.Html;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>The history of a knowledge request: the delegation chain and who answered what and when, drawn as a graph
/// (inline SVG, rendered on the server) and listed in tables (the same facts for screen readers and keyboards).</summary>
internal static class HistoryPage
{
    public static async Task<IResult> RenderAsync(UIContext ui, AssignmentView view, IDelegationService delegations, CancellationToken ct)
    {
        var t = ui.T;
        var a = view.Assignment;
        var chain = await delegations.GetChainAsync(a.Id, null, ct);
        var answers = view.Response.Answers.OrderBy(x => x.AnsweredAt).ThenBy(x => x.QuestionId, StringComparer.Ordinal).ToList();
        var html = new StringBuilder(8192);
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(ui.Link("/requests/" + Uri.EscapeDataString(a.Id)))}\">{E(t["History.Back"])}</a></p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<figure class=\"graph\" id=\"collaboration-graph\">{Graph(ui, a, chain, answers)}<figcaption class=\"note\">{E(t["History.GraphCaption"])}</figcaption></figure>\n");

        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"delegations-title\">{E(t["History.Delegations"])}</h2>\n");
        if (chain.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-delegations\">{E(t["History.NoDelegations"])}</p>\n");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<table id=\"delegations\" aria-labelledby=\"delegations-title\"><thead><tr><th scope=\"col\">{E(t["History.When"])}</th><th scope=\"col\">{E(t["History.From"])}</th><th scope=\"col\">{E(t["History.To"])}</th><th scope=\"col\">{E(t["History.Questions"])}</th><th scope=\"col\">{E(t["History.Message"])}</th></tr></thead><tbody>");
            foreach (var d in chain)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(ui.When(d.At))}</td><td>{E(d.FromParticipantId)}</td><td>{E(d.ToParticipantId)}</td><td>{E(string.Join(", ", d.QuestionIds))}</td><td>{E(d.Message)}</td></tr>");
            }

            html.Append("</tbody></table>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"answers-title\">{E(t["History.Answers"])}</h2>\n");
        if (answers.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{E(t["History.NoAnswers"])}</p>\n");
        }
        else
        {
            var texts = view.Questionnaire.Sections.SelectMany(s => s.Questions).ToDictionary(q => q.Id, q => q.Text, StringComparer.Ordinal);
            html.Append(CultureInfo.InvariantCulture, $"<table id=\"answers-history\" aria-labelledby=\"answers-title\"><thead><tr><th scope=\"col\">{E(t["History.When"])}</th><th scope=\"col\">{E(t["History.Question"])}</th><th scope=\"col\">{E(t["History.AnsweredBy"])}</th><th scope=\"col\">{E(t["History.Answer"])}</th></tr></thead><tbody>");
            foreach (var answer in answers)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(ui.When(answer.AnsweredAt))}</td><td>{E(texts.GetValueOrDefault(answer.QuestionId, answer.QuestionId))}</td><td>{E(answer.AnsweredBy)}</td><td>{E(answer.Value)}</td></tr>");
            }

            html.Append("</tbody></table>\n");
        }

        return Page(ui, t.Format("History.Title", a.Subject.Name), html.ToString());
    }

    /// <summary>
    /// The graph: a node per person (the assignees in the first column, each delegate one column to the right of who
    /// delegated to them), an arrow per hand-over labelled with its questions, and under each name how many answers
    /// the person gave.
    /// </summary>
    private static string Graph(UIContext ui, Assignment a, IReadOnlyList<Delegation> chain, List<Answer> answers)
    {
        var t = ui.T;
        var level = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var assignee in a.AssigneeIds)
        {
            level[assignee] = 0;
        }

        foreach (var d in chain)
        {
            var from = level.TryGetValue(d.FromParticipantId, out var l) ? l : 0;
            level.TryAdd(d.FromParticipantId, from);
            if (!level.TryGetValue(d.ToParticipantId, out var existing) || existing <= from)
            {
                level[d.ToParticipantId] = from + 1;
            }
        }

        foreach (var answer in answers)
        {
            level.TryAdd(answer.AnsweredBy, 0);
        }

        var answered = answers.GroupBy(x => x.AnsweredBy, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        const int nodeW = 150, nodeH = 46, colW = 230, rowH = 80, margin = 20;
        var position = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        var columns = level.GroupBy(p => p.Value).OrderBy(g => g.Key).ToList();
        var rows = Math.Max(1, columns.Max(c => c.Count()));
        foreach (var column in columns)
        {
            var i = 0;
            foreach (var person in column.Select(p => p.Key).Order(StringComparer.Ordinal))
            {
                position[person] = (margin + (column.Key * colW), margin + (i++ * rowH));
            }
        }

        var width = margin * 2 + ((columns.Count == 0 ? 0 : columns[^1].Key) * colW) + nodeW;
        var height = margin * 2 + ((rows - 1) * rowH) + nodeH;
        var desc = new StringBuilder();
        desc.Append(t.Format("History.GraphAssignees", string.Join(", ", a.AssigneeIds)));
        foreach (var d in chain)
        {
            desc.Append(' ').Append(t.Format("History.GraphEdge", d.FromParticipantId, d.ToParticipantId, string.Join(", ", d.QuestionIds)));
        }

        foreach (var (person, count) in answered.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            desc.Append(' ').Append(t.Format("History.GraphAnswered", person, count));
        }

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"graph-title graph-desc\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"graph-title\">{E(t.Format("History.GraphTitle", a.Subject.Name))}</title><desc id=\"graph-desc\">{E(desc.ToString())}</desc>");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrow-head\"/></marker></defs>");
        foreach (var d in chain)
        {
            var (x1, y1) = position[d.FromParticipantId];
            var (x2, y2) = position[d.ToParticipantId];
            var sx = x1 + nodeW;
            var sy = y1 + (nodeH / 2.0);
            var ex = x2;
            var ey = y2 + (nodeH / 2.0);
            if (x2 <= x1)
            {
                sx = x1 + (nodeW / 2.0);
                sy = y1 + nodeH;
                ex = x2 + (nodeW / 2.0);
                ey = y2;
            }

            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"edge\" data-from=\"{E(d.FromParticipantId)}\" data-to=\"{E(d.ToParticipantId)}\"><line x1=\"{sx:0.#}\" y1=\"{sy:0.#}\" x2=\"{ex:0.#}\" y2=\"{ey:0.#}\" marker-end=\"url(#arrow)\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(sx + ex) / 2:0.#}\" y=\"{((sy + ey) / 2) - 6:0.#}\" text-anchor=\"middle\" font-size=\"11\">{E(string.Join(", ", d.QuestionIds))}</text></g>");
        }

        foreach (var (person, (x, y)) in position.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var kind = a.AssigneeIds.Contains(person, StringComparer.Ordinal) ? "assignee" : "delegate";
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"node {kind}\" data-person=\"{E(person)}\"><rect x=\"{x}\" y=\"{y}\" width=\"{nodeW}\" height=\"{nodeH}\" rx=\"6\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (nodeW / 2)}\" y=\"{y + 19}\" text-anchor=\"middle\" font-size=\"13\" class=\"name\">{E(person)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (nodeW / 2)}\" y=\"{y + 36}\" text-anchor=\"middle\" font-size=\"11\">{E(t.Format("History.NodeAnswers", answered.GetValueOrDefault(person)))}</text></g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
