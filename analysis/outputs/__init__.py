"""What the pages hand to people: charts, the map, key facts, briefings, number formats and safe exports."""
