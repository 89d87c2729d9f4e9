"""Short articles in languages the analysis does not support (written for these tests)."""

from __future__ import annotations

GERMAN = """Stadtrat beschließt neuen Haushalt

Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen. Nach Angaben der Bürgermeisterin \
Anna Becker sollen die Ausgaben für Schulen um zehn Prozent steigen. Kritiker warnen, dass die Stadt sich damit zu \
hoch verschuldet.

Die Opposition will gegen den Beschluss klagen. Der Fraktionschef Markus Weber sagte, das sei unverantwortlich.
"""

SPANISH = """El Gobierno aprueba un nuevo plan de vivienda

El Consejo de Ministros aprobó el martes un plan para construir cincuenta mil viviendas públicas. Según la \
ministra de Vivienda, Isabel Rodríguez, las obras comenzarán el próximo año. Los críticos afirman que el \
presupuesto no es suficiente.

La oposición anunció que presentará un recurso ante el Tribunal Constitucional.
"""
