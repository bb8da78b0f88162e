"""The welfare report (民生保障日报): data, households, gas, community, trend, charts, sections."""
