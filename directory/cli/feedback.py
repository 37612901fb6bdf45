"""``local-offer feedback ...``: editors read feedback, respond, and publish on /you-said-we-did.

Running these on the server is the authentication: nothing over HTTP changes feedback.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

import click
from sqlalchemy.orm import Session

from directory import feedback as data
from directory.cli.session import command_session
from directory.cli.terminal import plain, plain_lines
from directory.errors import DirectoryError
from directory.models import Feedback

ID_HELP = "The feedback's id, or enough of its start to be unique (as `feedback list` shows)."


class FeedbackIdError(click.ClickException):
    """Unknown or ambiguous id: a usage mistake, exit code 2 like click's own."""

    exit_code = 2


def _service_id(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a service id (a UUID)") from None


@click.group("feedback")
def feedback_group() -> None:
    """Read feedback from the public forms, respond, and publish on /you-said-we-did.

    The page shows the service, what kind of problem was reported and the response; never the
    visitor's own words, which may hold personal data. Write responses that name no one.
    """


@feedback_group.command("list")
@click.option(
    "--status",
    type=click.Choice([*data.STATES, "all"]),
    default="open",
    show_default=True,
    help="open: no response yet; answered: responded, not published; published: on the page; "
    "dismissed: set aside.",
)
@click.option(
    "--service",
    "service_id",
    metavar="SERVICE_ID",
    callback=_service_id,
    help="Only feedback on this service (its id, as in /services/SERVICE_ID).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array for other programs.")
@click.pass_context
def list_command(
    ctx: click.Context, status: str, service_id: uuid.UUID | None, as_json: bool
) -> None:
    """Feedback, newest first: id, when received, service, what was reported, the response,
    and whether it is published.

    --json prints [{"id", "received", "service_id", "service_name", "category",
    "category_label", "message", "response", "responded_at", "published", "state"}].
    """
    state = None if status == "all" else cast(data.State, status)  # a click.Choice of STATES
    with command_session(ctx) as session:
        items = data.feedback_items(session, state=state, service_id=service_id)
    if as_json:
        # ASCII escapes keep any control character in the text inert on a terminal.
        click.echo(json.dumps([_as_json(item) for item in items], indent=2))
    elif not items:
        click.echo(f"No {'' if status == 'all' else status + ' '}feedback.")
    else:
        click.echo("\n\n".join("\n".join(_as_text(item)) for item in items))


def _as_json(item: data.FeedbackItem) -> dict[str, Any]:
    feedback = item.feedback
    return {
        "id": str(feedback.id),
        "received": feedback.created_at.isoformat(),
        "service_id": str(feedback.service_id) if feedback.service_id else None,
        "service_name": item.service_name,
        "category": feedback.category,
        "category_label": item.category_label,
        "message": feedback.message,
        "response": feedback.response,
        "responded_at": feedback.responded_at.isoformat() if feedback.responded_at else None,
        "published": item.state == "published",
        "state": item.state,
    }


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _block(label: str, text: str) -> Iterator[str]:
    # Blank lines are left out: between items they are the separator.
    first, *rest = [line for line in plain_lines(text) if line.strip()] or [""]
    yield f"  {label:<10}{first}".rstrip()
    yield from (f"  {'':<10}{line}" for line in rest)


def _as_text(item: data.FeedbackItem) -> list[str]:
    feedback = item.feedback
    service = plain(item.service_name) if item.service_name else "(the Local Offer as a whole)"
    lines = [
        f"{data.short_id(feedback.id)}  received {_when(feedback.created_at)}  {item.state}",
        f"  {'Service':<10}{service}",
        f"  {'About':<10}{plain(item.category_label)}",
        *_block("Message", feedback.message),
    ]
    if not feedback.response:
        lines.append(f"  {'Response':<10}(none yet)")
    else:
        lines += _block("Response", feedback.response or "")
        if feedback.responded_at:
            lines.append(f"  {'':<10}(responded {_when(feedback.responded_at)})")
    lines.append(f"  {'Published':<10}{'yes' if item.state == 'published' else 'no'}")
    return lines


def _find(session: Session, id_prefix: str) -> Feedback:
    try:
        return data.find_feedback(session, id_prefix)
    except (data.UnknownFeedback, data.AmbiguousFeedbackId) as exc:
        raise FeedbackIdError(exc.message) from exc


def _publish(feedback: Feedback) -> str:
    try:
        changed = data.publish(feedback)
    except data.NotAnswered as exc:
        raise click.ClickException(
            f"{exc.message}: respond first, with "
            f'`local-offer feedback respond {data.short_id(feedback.id)} --response "..." '
            "--publish`"
        ) from exc
    state = "published on" if changed else "already on"
    return f"feedback {data.short_id(feedback.id)} {state} /you-said-we-did"


@feedback_group.command("respond")
@click.argument("feedback_id", metavar="ID")
@click.option(
    "--response",
    required=True,
    help="The authority's response, as the public will read it if published. Do not name "
    "or identify anyone.",
)
@click.option("--publish", "and_publish", is_flag=True, help="Also publish it.")
@click.pass_context
def respond_command(ctx: click.Context, feedback_id: str, response: str, and_publish: bool) -> None:
    """Set the response to feedback ID (and when it was given). Published feedback stays
    published, with the new response."""
    with command_session(ctx) as session:
        feedback = _find(session, feedback_id)
        try:
            data.respond(feedback, response)
        except DirectoryError as exc:
            raise click.BadParameter(exc.message, param_hint="'--response'") from exc
        message = f"feedback {data.short_id(feedback.id)} answered"
        if and_publish:
            message = _publish(feedback)
        elif feedback.published:
            message += "; it is published, so /you-said-we-did shows the new response"
    click.echo(message)


@feedback_group.command("publish")
@click.argument("feedback_id", metavar="ID")
@click.pass_context
def publish_command(ctx: click.Context, feedback_id: str) -> None:
    """Show feedback ID and its response on /you-said-we-did (it needs a response)."""
    with command_session(ctx) as session:
        message = _publish(_find(session, feedback_id))
    click.echo(message)


@feedback_group.command("unpublish")
@click.argument("feedback_id", metavar="ID")
@click.pass_context
def unpublish_command(ctx: click.Context, feedback_id: str) -> None:
    """Take feedback ID off /you-said-we-did, keeping its response."""
    with command_session(ctx) as session:
        feedback = _find(session, feedback_id)
        changed = data.unpublish(feedback)
    state = "taken off" if changed else "was not on"
    click.echo(f"feedback {data.short_id(feedback.id)} {state} /you-said-we-did")


COMMANDS = [feedback_group]


@feedback_group.command("dismiss")
@click.argument("feedback_id", metavar="ID")
@click.pass_context
def dismiss_command(ctx: click.Context, feedback_id: str) -> None:
    """Set feedback ID aside (spam, abuse, a duplicate): it leaves the open list and is never
    published. Responding to it later makes it answered again."""
    with command_session(ctx) as session:
        feedback = _find(session, feedback_id)
        changed = data.dismiss(feedback)
    state = "dismissed" if changed else "was already dismissed"
    click.echo(f"feedback {data.short_id(feedback.id)} {state}")
