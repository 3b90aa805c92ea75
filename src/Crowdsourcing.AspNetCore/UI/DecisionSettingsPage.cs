using System.Globalization;
using System.Text;
using Crowdsourcing.Campaigns;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Policies;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.UI.Html;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>
/// The campaign's decision settings in the console (<c>/console/{campaignId}/decision-settings</c>, its organisers,
/// as <c>GET/PUT /campaigns/{id}/decision-settings</c> of the API): the contact policy, the workshop week or date, the
/// threshold, the budget per cycle and its kind, the interventions allowed with their effect and channel, and the model
/// version. The form carries the campaign version it showed: a change made in between is shown as a conflict with who
/// and when, the values typed kept; a refused value is shown beside its field.
/// </summary>
internal static class DecisionSettingsPage
{
    private static readonly string[] Effects = [.. Enum.GetValues<InterventionEffect>().Select(EnumNames.Of)];

    public static void Map(RouteGroupBuilder console, string prefix)
    {
        console.MapGet("/{campaignId}/decision-settings", async (string campaignId, string? notice, HttpContext http, ICampaignService campaigns, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var campaign = await campaigns.GetAsync(campaignId, ct);
                return Render(ui, campaign, FormValues.From(campaign.Decision, Interventions(http, campaign)), campaign.Version, [], null, notice == "saved");
            });

        console.MapPost("/{campaignId}/decision-settings", async (string campaignId, HttpContext http, ICampaignService campaigns, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var campaign = await campaigns.GetAsync(campaignId, ct);
                var form = await http.Request.ReadFormAsync(ct);
                var values = FormValues.Read(form, Interventions(http, campaign));
                var errors = new List<ValidationError>();
                var settings = values.ToSettings(campaign.Decision, ui.T, errors);
                if (!long.TryParse(form["campaignVersion"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
                {
                    errors.Add(new ValidationError("campaignVersion", ui.T["Console.BadVersion"]));
                }

                if (errors.Count > 0 || settings is null)
                {
                    return Render(ui, campaign, values, version, errors, null, false, StatusCodes.Status400BadRequest);
                }

                try
                {
                    await campaigns.UpdateDecisionSettingsAsync(campaign.Id, settings, version, ct);
                }
                catch (ConcurrencyConflictException conflict)
                {
                    var current = await campaigns.GetAsync(campaignId, ct);
                    var who = conflict.ModifiedBy ?? current.ModifiedBy ?? "?";
                    return Render(ui, current, values, current.Version, [], ui.T.Format("Settings.Conflict", who, ui.When(conflict.ModifiedAt ?? current.ModifiedAt)), false, StatusCodes.Status409Conflict);
                }
                catch (ValidationFailedException refused)
                {
                    return Render(ui, campaign, values, version, [.. refused.Errors.Select(e => e with { Path = FieldOf(e.Path) })], null, false, StatusCodes.Status400BadRequest);
                }

                return Results.Redirect(ui.Link($"/console/{Uri.EscapeDataString(campaign.Id)}/decision-settings?notice=saved"));
            });
    }

    /// <summary>The form field a runtime error path names (<c>decision.interventions[0].channel</c> → <c>interventions[0].channel</c>).</summary>
    private static string FieldOf(string path) => path.StartsWith("decision.", StringComparison.Ordinal) ? path["decision.".Length..] : path;

    /// <summary>The interventions of the campaign's decision model (the form lists one row each), or those its settings name when the model is not registered.</summary>
    private static List<string> Interventions(HttpContext http, Campaign campaign)
    {
        var registry = http.RequestServices.GetService(typeof(IDecisionModelRegistry)) as IDecisionModelRegistry;
        var names = registry is not null && registry.TryGetModel(campaign.DecisionModel, out var model)
            ? model.Model.Interventions.Select(i => i.Name).ToList()
            : [];
        names.AddRange(campaign.Decision.Interventions.Select(i => i.Name).Where(n => !names.Contains(n, StringComparer.Ordinal)));
        return names;
    }

    private static IResult Render(UIContext ui, Campaign campaign, FormValues values, long version, List<ValidationError> errors, string? conflict, bool saved, int status = StatusCodes.Status200OK)
    {
        var t = ui.T;
        var id = Uri.EscapeDataString(campaign.Id);
        var html = new StringBuilder(8192);
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(ui.Link($"/console/{id}"))}\">{E(t["Settings.BackToConsole"])}</a></p>\n");
        if (saved)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\" id=\"notice\">{E(t.Format("Settings.Saved", campaign.Version, campaign.ModifiedBy ?? string.Empty))}</p>\n");
        }

        if (conflict is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"conflict\" role=\"alert\" id=\"conflict\" tabindex=\"-1\"><p>{E(conflict)}</p><p><a href=\"{E(ui.Link($"/console/{id}/decision-settings"))}\" id=\"reload\">{E(t["Settings.Reload"])}</a></p></div>\n");
        }

        if (errors.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"error-summary\" role=\"alert\" id=\"error-summary\" tabindex=\"-1\"><h2>{E(t.Format("Settings.Errors", errors.Count))}</h2><ul>");
            foreach (var error in errors)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#{E(FieldId(error.Path))}\">{E(error.Message)}</a></li>");
            }

            html.Append("</ul></div>\n");
        }

        var policies = ui.Http.RequestServices.GetService(typeof(ContactPolicyRegistry)) is ContactPolicyRegistry registry ? registry.Names : [];
        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" id=\"settings-form\" class=\"card wide settings\" action=\"{E(ui.Link($"/console/{id}/decision-settings"))}\" novalidate>{ui.AntiforgeryField()}<input type=\"hidden\" name=\"campaignVersion\" value=\"{version.ToString(CultureInfo.InvariantCulture)}\">\n");

        // The policy: the registered ones, or the runtime's configured one.
        html.Append(Field(errors, "policy", t["Settings.Policy"], t["Settings.PolicyHint"], describedBy =>
        {
            var select = new StringBuilder($"<select id=\"policy\" name=\"policy\"{describedBy}><option value=\"\">{E(t["Settings.PolicyDefault"])}</option>");
            foreach (var name in policies.Union(values.Policy is { Length: > 0 } p ? [p] : [], StringComparer.OrdinalIgnoreCase))
            {
                select.Append(CultureInfo.InvariantCulture, $"<option{(string.Equals(name, values.Policy, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty)}>{E(name)}</option>");
            }

            return select.Append("</select>").ToString();
        }));
        html.Append(Field(errors, "workshopWeek", t["Settings.WorkshopWeek"], t["Settings.WorkshopWeekHint"], d => $"<input type=\"number\" id=\"workshopWeek\" name=\"workshopWeek\" min=\"0\" max=\"{CampaignDecisionSettings.MaxWorkshopWeek}\" step=\"1\" inputmode=\"numeric\" value=\"{E(values.WorkshopWeek)}\"{d}>"));
        html.Append(Field(errors, "workshopDate", t["Settings.WorkshopDate"], t["Settings.WorkshopDateHint"], d => $"<input type=\"date\" id=\"workshopDate\" name=\"workshopDate\" value=\"{E(values.WorkshopDate)}\"{d}>"));
        html.Append(Field(errors, "threshold", t["Settings.Threshold"], t.Format("Settings.ThresholdHint", campaign.WorkshopThreshold.ToString("#,0.##", CultureInfo.InvariantCulture)), d => $"<input type=\"number\" id=\"threshold\" name=\"threshold\" step=\"any\" inputmode=\"decimal\" value=\"{E(values.Threshold)}\"{d}>"));
        html.Append(Field(errors, "budget", t["Settings.Budget"], t["Settings.BudgetHint"], d => $"<input type=\"number\" id=\"budget\" name=\"budget\" min=\"0\" step=\"any\" inputmode=\"decimal\" value=\"{E(values.Budget)}\"{d}>"));
        html.Append(Field(errors, "budgetKind", t["Settings.BudgetKind"], null, d =>
            $"<select id=\"budgetKind\" name=\"budgetKind\"{d}><option value=\"count\"{(values.BudgetKind != "money" ? " selected" : string.Empty)}>{E(t["Settings.BudgetCount"])}</option><option value=\"money\"{(values.BudgetKind == "money" ? " selected" : string.Empty)}>{E(t["Settings.BudgetMoney"])}</option></select>"));

        // The interventions: one row per intervention of the model.
        html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"interventions\" id=\"interventions\" aria-describedby=\"interventions-hint\"><legend>{E(t["Settings.Interventions"])}</legend><p class=\"hint\" id=\"interventions-hint\">{E(t["Settings.InterventionsHint"])}</p>");
        html.Append(CultureInfo.InvariantCulture, $"<table><thead><tr><th scope=\"col\">{E(t["Settings.Intervention"])}</th><th scope=\"col\">{E(t["Settings.Effect"])}</th><th scope=\"col\">{E(t["Settings.Channel"])}</th></tr></thead><tbody>");
        for (var i = 0; i < values.Interventions.Count; i++)
        {
            var row = values.Interventions[i];
            var key = $"interventions[{i}]";
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\"><input type=\"hidden\" name=\"{key}.name\" value=\"{E(row.Name)}\"><input type=\"checkbox\" id=\"{E(FieldId(key + ".name"))}\" name=\"{key}.allowed\" value=\"true\"{(row.Allowed ? " checked" : string.Empty)}> <label for=\"{E(FieldId(key + ".name"))}\">{E(row.Name)}</label>{Errors(errors, key + ".name")}</th>");
            html.Append(CultureInfo.InvariantCulture, $"<td><label class=\"visually-hidden\" for=\"{E(FieldId(key + ".effect"))}\">{E(t.Format("Settings.EffectOf", row.Name))}</label><select id=\"{E(FieldId(key + ".effect"))}\" name=\"{key}.effect\">");
            foreach (var effect in Effects)
            {
                html.Append(CultureInfo.InvariantCulture, $"<option value=\"{effect}\"{(effect == row.Effect ? " selected" : string.Empty)}>{E(t["Settings.Effect." + effect])}</option>");
            }

            html.Append(CultureInfo.InvariantCulture, $"</select>{Errors(errors, key + ".effect")}</td><td><label class=\"visually-hidden\" for=\"{E(FieldId(key + ".channel"))}\">{E(t.Format("Settings.ChannelOf", row.Name))}</label><input id=\"{E(FieldId(key + ".channel"))}\" name=\"{key}.channel\" maxlength=\"{Limits.MaxIdLength}\" placeholder=\"{E(t["Settings.ChannelDefault"])}\" value=\"{E(row.Channel)}\"{Invalid(errors, key + ".channel")}>{Errors(errors, key + ".channel")}</td></tr>");
        }

        html.Append("</tbody></table></fieldset>\n");

        // The model version: 1 (the registered model) or an adopted one.
        html.Append(Field(errors, "modelVersion", t["Settings.ModelVersion"], t["Settings.ModelVersionHint"], d =>
        {
            var select = new StringBuilder($"<select id=\"modelVersion\" name=\"modelVersion\"{d}><option value=\"1\"{(values.ModelVersion == "1" ? " selected" : string.Empty)}>{E(t["Settings.ModelVersionRegistered"])}</option>");
            foreach (var adopted in campaign.Decision.ModelVersions)
            {
                var v = adopted.Version.ToString(CultureInfo.InvariantCulture);
                select.Append(CultureInfo.InvariantCulture, $"<option value=\"{v}\"{(values.ModelVersion == v ? " selected" : string.Empty)}>{E(t.Format("Settings.ModelVersionAdopted", v, adopted.AdoptedBy, ui.When(adopted.AdoptedAt)))}</option>");
            }

            return select.Append("</select>").ToString();
        }));
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"actions\"><button type=\"submit\" class=\"primary\" id=\"save-settings\">{E(t["Settings.Save"])}</button></p></form>\n");
        return Page(ui, t.Format("Settings.Title", campaign.Name), html.ToString(), status);
    }

    /// <summary>One labelled field with its hint and its errors (described by both, invalid when it has errors).</summary>
    private static string Field(List<ValidationError> errors, string name, string label, string? hint, Func<string, string> input)
    {
        var described = new List<string>();
        var html = new StringBuilder($"<div class=\"field\" id=\"field-{name}\"><label for=\"{name}\">{E(label)}</label>");
        if (hint is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"hint-{name}\">{E(hint)}</p>");
            described.Add("hint-" + name);
        }

        var mine = errors.Where(e => string.Equals(e.Path, name, StringComparison.Ordinal)).ToList();
        for (var i = 0; i < mine.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"field-error\" id=\"error-{name}-{i}\">{E(mine[i].Message)}</p>");
            described.Add($"error-{name}-{i}");
        }

        var attributes = (described.Count > 0 ? $" aria-describedby=\"{string.Join(' ', described)}\"" : string.Empty) + (mine.Count > 0 ? " aria-invalid=\"true\"" : string.Empty);
        return html.Append(input(attributes)).Append("</div>\n").ToString();
    }

    private static string Errors(List<ValidationError> errors, string path) =>
        string.Concat(errors.Where(e => string.Equals(e.Path, path, StringComparison.Ordinal)).Select(e => $"<p class=\"field-error\">{E(e.Message)}</p>"));

    private static string Invalid(List<ValidationError> errors, string path) =>
        errors.Any(e => string.Equals(e.Path, path, StringComparison.Ordinal)) ? " aria-invalid=\"true\"" : string.Empty;

    /// <summary>The element id of a form field (<c>interventions[0].channel</c> → <c>interventions-0-channel</c>).</summary>
    private static string FieldId(string path) => path.Replace("[", "-", StringComparison.Ordinal).Replace("].", "-", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal).Replace('.', '-');

    /// <summary>One intervention row of the form.</summary>
    private sealed record InterventionRow(string Name, bool Allowed, string Effect, string Channel);

    /// <summary>The form's values as typed (kept as text, so that a refused value is shown back as it was).</summary>
    private sealed record FormValues(string Policy, string WorkshopWeek, string WorkshopDate, string Threshold, string Budget, string BudgetKind, string ModelVersion, IReadOnlyList<InterventionRow> Interventions)
    {
        public static FormValues From(CampaignDecisionSettings d, List<string> interventions) => new(
            d.Policy ?? string.Empty,
            d.WorkshopWeek?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            d.WorkshopDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
            d.Threshold?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
            d.Budget?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
            d.BudgetKind,
            d.ModelVersion.ToString(CultureInfo.InvariantCulture),
            [.. interventions.Select(name => d.Interventions.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal)) is { } set
                ? new InterventionRow(name, true, EnumNames.Of(set.Effect), set.Channel ?? string.Empty)
                : new InterventionRow(name, false, EnumNames.Of(InterventionEffect.Notification), string.Empty))]);

        public static FormValues Read(IFormCollection form, List<string> interventions)
        {
            var rows = new List<InterventionRow>();
            for (var i = 0; i < interventions.Count; i++)
            {
                var key = $"interventions[{i}]";
                var name = form[key + ".name"].ToString();
                rows.Add(new InterventionRow(
                    string.IsNullOrEmpty(name) ? interventions[i] : name,
                    form[key + ".allowed"].ToString() == "true",
                    form[key + ".effect"].ToString() is { Length: > 0 } effect ? effect : "notification",
                    form[key + ".channel"].ToString().Trim()));
            }

            return new FormValues(
                form["policy"].ToString().Trim(),
                form["workshopWeek"].ToString().Trim(),
                form["workshopDate"].ToString().Trim(),
                form["threshold"].ToString().Trim(),
                form["budget"].ToString().Trim(),
                form["budgetKind"].ToString(),
                form["modelVersion"].ToString() is { Length: > 0 } v ? v : "1",
                rows);
        }

        /// <summary>The settings the form asks for, over the stored ones (the adopted model versions are kept); every
        /// value that is not a value of its field is added to <paramref name="errors"/>.</summary>
        public CampaignDecisionSettings? ToSettings(CampaignDecisionSettings stored, UIText t, List<ValidationError> errors)
        {
            var week = Whole(WorkshopWeek, "workshopWeek", 0, CampaignDecisionSettings.MaxWorkshopWeek, t, errors);
            DateTimeOffset? date = null;
            if (WorkshopDate.Length > 0)
            {
                if (DateOnly.TryParseExact(WorkshopDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    date = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                }
                else
                {
                    errors.Add(new ValidationError("workshopDate", t["Settings.NotADate"]));
                }
            }

            var threshold = Decimal(Threshold, "threshold", null, t, errors);
            var budget = Decimal(Budget, "budget", 0, t, errors);
            if (BudgetKind is not ("count" or "money"))
            {
                errors.Add(new ValidationError("budgetKind", t["Settings.BadBudgetKind"]));
            }

            var model = Whole(ModelVersion, "modelVersion", 1, int.MaxValue, t, errors) ?? 1;
            var interventions = new List<InterventionSetting>();
            for (var i = 0; i < Interventions.Count; i++)
            {
                var row = Interventions[i];
                if (!row.Allowed)
                {
                    continue;
                }

                if (!EnumNames.TryParse<InterventionEffect>(row.Effect, out var effect))
                {
                    errors.Add(new ValidationError($"interventions[{i}].effect", t["Settings.BadEffect"]));
                    continue;
                }

                try
                {
                    interventions.Add(new InterventionSetting(row.Name, effect, row.Channel.Length == 0 ? null : row.Channel));
                }
                catch (ValidationFailedException ex)
                {
                    errors.Add(new ValidationError($"interventions[{i}].{(ex.Path.Contains("Channel", StringComparison.OrdinalIgnoreCase) ? "channel" : "name")}", ex.Message));
                }
            }

            if (errors.Count > 0)
            {
                return null;
            }

            try
            {
                return stored with
                {
                    Policy = Policy.Length == 0 ? null : Policy,
                    WorkshopWeek = week,
                    WorkshopDate = date,
                    Threshold = threshold,
                    Budget = budget,
                    BudgetKind = BudgetKind,
                    Interventions = interventions,
                    ModelVersion = model,
                };
            }
            catch (ValidationFailedException ex)
            {
                errors.Add(new ValidationError(char.ToLowerInvariant(ex.Path[0]) + ex.Path[1..], ex.Message));
                return null;
            }
        }

        private static int? Whole(string text, string field, int min, int max, UIText t, List<ValidationError> errors)
        {
            if (text.Length == 0)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            errors.Add(new ValidationError(field, t.Format("Settings.NotAWholeNumber", min, max)));
            return null;
        }

        private static double? Decimal(string text, string field, double? min, UIText t, List<ValidationError> errors)
        {
            if (text.Length == 0)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && (min is not { } m || value >= m))
            {
                return value;
            }

            errors.Add(new ValidationError(field, min is { } lo ? t.Format("Settings.NotANumberFrom", lo) : t["Settings.NotANumber"]));
            return null;
        }
    }
}
