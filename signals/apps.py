from recoverycircle import registry
from recoverycircle.apps import ProjectApp


class SignalsConfig(ProjectApp):
    name = "signals"
    default = True  # beside the imported ProjectApp, Django's pick for this app
    has_api = True
    url_prefix = ""

    def ready(self) -> None:
        from signals import contact_links, jobs, measure_links, plan_links, rules, services, views

        registry.home_sections.add(views.open_signals_section)
        registry.periodic_jobs.add(jobs.evaluate_signals, jobs.escalate_signals)
        registry.signal_rules.add(
            rules.craving_high,
            rules.craving_rising,
            rules.mood_low,
            rules.sleep_short,
            rules.stress_high,
            rules.checkins_missed,
            rules.use_reported,
            plan_links.HIGH_RISK_DATE,
            plan_links.COMMITMENTS_SKIPPED,
            *measure_links.RULES,
            contact_links.ISOLATION,
        )
        # Crisis words (any free text) and crisis answers (PHQ-9 item 9) raise an urgent
        # signal, which follows the urgent level of the client's escalation ladder.
        registry.crisis_hooks.add(services.on_crisis)
        # A check-in or a questionnaire asks for an evaluation of the rules.
        registry.client_data_saved.add(services.request_evaluation)
