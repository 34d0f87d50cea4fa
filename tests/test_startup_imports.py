"""A search starts light: what it loads before its first request is what a search needs."""

from __future__ import annotations

import subprocess
import sys


def loaded_by(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_search_path_loads_no_http_library_of_requests_and_no_digest():
    modules = loaded_by("import repwatch.cli.search, repwatch.pipeline.search, repwatch.pipeline.urls")
    assert "repwatch.pipeline.search" in modules
    heavy = {"requests", "tldextract", "filelock", "repwatch.pipeline.digest", "itsdangerous", "jinja2",
             "Stemmer", "snowballstemmer", "sqlite_utils"} & modules
    assert not heavy, f"the search path loads {sorted(heavy)}"


def test_the_stemmer_loads_when_a_word_is_first_stemmed_and_knows_english():
    modules = loaded_by("from repwatch.pipeline.triage.concepts import stem\n"
                        "assert stem('filming') == stem('filmed') == 'film', stem('filming')")
    assert "Stemmer" in modules


def test_registered_domains_come_from_the_bundled_list_without_requests():
    modules = loaded_by("from repwatch.pipeline.urls import registered_domain\n"
                        "assert registered_domain('https://news.bbc.co.uk/x') == 'bbc.co.uk'")
    assert "requests" not in modules and "publicsuffixlist" in modules
