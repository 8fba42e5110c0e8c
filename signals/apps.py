from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "signals"

    def ready(self) -> None:
        # Crisis words (any free text) and crisis answers (PHQ-9 item 9) raise an urgent
        # signal, which follows the urgent level of the client's escalation ladder.
        from crisis.services import ON_CRISIS as TEXT_HOOKS
        from measures.services import ON_CRISIS as ANSWER_HOOKS
        from signals.services import on_crisis

        for hooks in (TEXT_HOOKS, ANSWER_HOOKS):
            if on_crisis not in hooks:
                hooks.append(on_crisis)
