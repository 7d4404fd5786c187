"""client.markers: saved read positions."""

from __future__ import annotations

from datetime import datetime, timezone

from aiomastodon.api.markers import TimelineMarkers
from aiomastodon.entities import Marker

from ._helpers import BASE, form_of, method_example, no_body, only_request

URL = f"{BASE}/api/v1/markers"


async def test_get_both_timelines(mocked, client):
    url = f"{URL}?timeline[]=home&timeline[]=notifications"
    payload = method_example("markers.get")
    mocked.get(url, payload=payload)
    markers = await client.markers.get(timeline=["home", "notifications"])
    assert isinstance(markers, TimelineMarkers)
    assert isinstance(markers.home, Marker)
    assert isinstance(markers.notifications, Marker)
    assert (markers.home.last_read_id, markers.home.version) == ("103206604258487607", 468)
    assert markers.notifications.last_read_id == "35098814"
    assert markers.notifications.updated_at == datetime(
        2019, 11, 26, 22, 37, 25, 239000, tzinfo=timezone.utc
    )
    no_body(only_request(mocked, "GET", url))


async def test_get_one_timeline(mocked, client):
    url = f"{URL}?timeline[]=home"
    mocked.get(url, payload={"home": method_example("markers.get")["home"]})
    markers = await client.markers.get(timeline="home")
    assert markers.home is not None
    assert markers.notifications is None
    only_request(mocked, "GET", url)


async def test_get_without_timelines_sends_no_query(mocked, client):
    mocked.get(URL, payload={})
    assert await client.markers.get() == TimelineMarkers()
    only_request(mocked, "GET", URL)


async def test_save(mocked, client):
    payload = method_example("markers.create")
    mocked.post(URL, payload=payload)
    saved = await client.markers.save(home="103194548672408537", notifications="35098814")
    assert isinstance(saved, TimelineMarkers)
    assert saved.home is not None
    assert (saved.home.last_read_id, saved.home.version) == ("103194548672408537", 462)
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("home[last_read_id]", "103194548672408537"),
        ("notifications[last_read_id]", "35098814"),
    ]


async def test_save_one_timeline(mocked, client):
    mocked.post(URL, payload={"notifications": method_example("markers.get")["notifications"]})
    saved = await client.markers.save(notifications="35098814")
    assert saved.home is None
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("notifications[last_read_id]", "35098814")
    ]
