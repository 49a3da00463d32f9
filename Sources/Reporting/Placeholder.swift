import Planning
